package bzh.estran.cohort.core;

import java.util.UUID;

/** A user's place in one cohort, with the cohort's institution. */
public record CohortMembership(
    UUID cohortId,
    String cohortName,
    UUID institutionId,
    String institutionSlug,
    CohortRole role) {}

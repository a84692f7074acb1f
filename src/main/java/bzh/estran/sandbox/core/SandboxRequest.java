package bzh.estran.sandbox.core;

import java.util.List;

/** What a caller asks for when creating a sandbox; every field but {@code template} may be null. */
public record SandboxRequest(
    String template,
    List<String> datasets,
    String duration,
    String name,
    String institution,
    String cohort) {}

package bzh.estran.http;

import java.time.Instant;
import java.util.List;

/** The JSON bodies the API accepts. Every field may be missing; services say which are required. */
final class Requests {

  private Requests() {}

  record NewToken(String name, Instant expiresAt) {}

  record NewUser(String email, String name) {}

  record NewInstitution(String slug, String name, String kind) {}

  record NewMember(String email, String role) {}

  record NewSandbox(
      String template,
      List<String> datasets,
      String duration,
      String name,
      String institution,
      String cohort) {}

  record Extension(String duration) {}

  record IdentityLink(String issuer, String subject) {}
}

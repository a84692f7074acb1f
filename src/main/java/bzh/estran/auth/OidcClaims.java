package bzh.estran.auth;

/**
 * What Estran takes from a verified OIDC token: who issued it, the subject at that issuer, the
 * e-mail address (lowercase) and a display name (the {@code name} claim, or the address's local
 * part).
 */
public record OidcClaims(String issuer, String subject, String email, String name) {}

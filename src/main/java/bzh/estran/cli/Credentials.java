package bzh.estran.cli;

/**
 * What {@code estran login} keeps: the Estran address and an API token.
 *
 * @param server base address of Estran, e.g. {@code https://estran.univ-ubs.fr}
 * @param token the bearer token sent to the API
 * @param tokenId the id of the API token when the CLI made it (sign-in through an identity
 *     provider), so that {@code logout} can revoke it; null for a token given with {@code --token}
 * @param email who signed in
 * @param provider the identity provider's issuer, or null for a token given with {@code --token}
 */
public record Credentials(
    String server, String token, String tokenId, String email, String provider) {}

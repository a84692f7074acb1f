package bzh.estran.web;

import bzh.estran.auth.core.Principal;

/**
 * Turns the ID token of a finished code flow into a caller: {@code
 * AuthService.signInWithIdToken(idToken, audience, expectedNonce)}, which verifies it (signature,
 * issuer, audience, expiry, nonce) and applies the sign-in rules. Throws {@link
 * bzh.estran.errors.Unauthorized}.
 */
@FunctionalInterface
public interface IdTokenSignIn {
  Principal signIn(String idToken, String audience, String expectedNonce);
}

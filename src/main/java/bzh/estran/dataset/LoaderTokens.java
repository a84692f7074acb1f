package bzh.estran.dataset;

import bzh.estran.dataset.core.LoaderToken;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Loader tokens, signed with a server key made once and kept in the database (so that every replica
 * issues and checks the same tokens), never in a response or a log.
 */
public final class LoaderTokens {

  private final Jdbi jdbi;
  private final SecureRandom random;
  private volatile LoaderToken tokens;

  public LoaderTokens(Jdbi jdbi, SecureRandom random) {
    this.jdbi = jdbi;
    this.random = random;
  }

  /** The token the loader Jobs of this sandbox present. */
  public String issue(UUID sandbox) {
    return tokens().issue(sandbox);
  }

  /** The sandbox a genuine loader token was issued to. */
  public Optional<UUID> verify(String token) {
    return tokens().verify(token);
  }

  private LoaderToken tokens() {
    LoaderToken current = tokens;
    if (current == null) {
      byte[] offered = new byte[32];
      random.nextBytes(offered);
      byte[] key =
          jdbi.inTransaction(
              handle -> {
                DatasetDao dao = handle.attach(DatasetDao.class);
                dao.offerKey(offered);
                return dao.loaderKey();
              });
      current = new LoaderToken(key);
      tokens = current;
    }
    return current;
  }
}

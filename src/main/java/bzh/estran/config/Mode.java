package bzh.estran.config;

/**
 * How Estran runs: with embedded, simulated parts, or against real PostgreSQL and a real cluster.
 */
public enum Mode {
  /** Embedded PostgreSQL and an in-memory Kubernetes API: nothing to set up, nothing real runs. */
  DEV,
  /**
   * PostgreSQL from ESTRAN_DATABASE_URL and a real cluster from KUBECONFIG or the in-cluster
   * account.
   */
  PRODUCTION
}

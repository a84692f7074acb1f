package bzh.estran.config;

import java.util.List;

/** One environment variable Estran reads: its name, its default (null: none) and what it does. */
public record Setting(String name, String defaultValue, String description) {

  /** Every variable, in the order the README's configuration table lists them. */
  public static final List<Setting> ALL =
      List.of(
          new Setting(
              "ESTRAN_MODE",
              "dev",
              "`dev` (embedded database, simulated cluster) or `production`."),
          new Setting(
              "ESTRAN_HTTP_PORT", "7070", "HTTP port of the API and pages (0 picks a free port)."),
          new Setting(
              "ESTRAN_DATA_DIR",
              "./.estran",
              "Dev mode state: embedded database, simulated cluster, bootstrap token."),
          new Setting(
              "ESTRAN_BOOTSTRAP_TOKEN",
              null,
              "Token of the bootstrap platform admin. Dev mode makes one up (kept in the data dir) when unset."),
          new Setting(
              "ESTRAN_DATABASE_URL",
              null,
              "JDBC URL of PostgreSQL. Required in production; in dev mode, replaces the embedded database."),
          new Setting("ESTRAN_DATABASE_USER", "postgres", "Database user."),
          new Setting("ESTRAN_DATABASE_PASSWORD", "", "Database password."),
          new Setting("ESTRAN_DATABASE_POOL_SIZE", "10", "Maximum connections in the pool."),
          new Setting(
              "ESTRAN_KUBE_API_URL",
              null,
              "Kubernetes API URL. Unset: KUBECONFIG, ~/.kube/config or the in-cluster service account (production); the simulated cluster (dev)."),
          new Setting(
              "ESTRAN_KUBE_PUBLIC_URL",
              null,
              "API server URL written into users' kubeconfigs, when it differs from the one Estran uses."),
          new Setting(
              "ESTRAN_KUBE_MAX_IN_FLIGHT",
              "32",
              "Most Kubernetes API requests Estran keeps in flight at once."),
          new Setting(
              "ESTRAN_KUBE_APPLY",
              "server-side",
              "How objects are written: `server-side` apply (field manager `estran`, one request per object), or `replace` (update, else create) for API servers without server-side apply; an API server found to lack it gets `replace` from then on, as does dev mode's simulated cluster."),
          new Setting("ESTRAN_PROVISIONING_WORKERS", "8", "Sandboxes reconciled in parallel."),
          new Setting(
              "ESTRAN_PROVISIONING_ATTEMPTS",
              "5",
              "Attempts at provisioning a sandbox before it is FAILED."),
          new Setting(
              "ESTRAN_PROVISIONING_BACKOFF",
              "PT1S",
              "Wait after the first failed attempt; doubles each time, up to one minute."),
          new Setting(
              "ESTRAN_EXPIRY_INTERVAL",
              "PT1S",
              "How often due sandboxes are looked for (bounds expiry lateness)."),
          new Setting(
              "ESTRAN_SWEEP_INTERVAL",
              "PT30S",
              "How often the sweep compares the cluster's namespaces with the database and queues what needs converging (the cluster watch sees most drift within a second)."),
          new Setting(
              "ESTRAN_RESYNC_INTERVAL",
              "PT6H",
              "How often every READY sandbox's whole desired set is applied again (the first time one interval after the start), for drift the watch could not see."),
          new Setting(
              "ESTRAN_TEMPLATES_DIR",
              "./templates",
              "Folder of sandbox templates, loaded and validated at start."),
          new Setting(
              "ESTRAN_SANDBOX_EGRESS_EXCEPT",
              "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
              "CIDRs sandboxes may not reach (comma-separated; set it empty for none). Other sandboxes are always unreachable."),
          new Setting(
              "ESTRAN_QUOTA_TIME_ZONE",
              "Europe/Paris",
              "Time zone of the monthly core-hour budget periods."),
          new Setting(
              "ESTRAN_OIDC_PROVIDERS",
              "",
              "OIDC providers whose tokens are accepted, as a JSON array of `{\"issuer\", \"domains\": [...], \"jwksUrl\"?, \"clientId\"?, \"clientSecret\"?, \"cliClientId\"?, \"name\"?}` (empty: none). Each issuer may only vouch for e-mail addresses of its `domains` (sub-domains included); without `jwksUrl`, keys come from the issuer's discovery document."),
          new Setting(
              "ESTRAN_OIDC_AUDIENCE", "estran", "Audience (`aud`) an OIDC token must carry."),
          new Setting(
              "ESTRAN_OIDC_DOMAINS",
              "",
              "E-mail domain to institution slug, e.g. `univ-ubs.fr=ubs,imt-atlantique.fr=imt-atlantique`: users signing in with OIDC join that institution as members."),
          new Setting(
              "ESTRAN_RATE_LIMIT_PER_MINUTE",
              "120",
              "State-changing requests a user may make per minute (0: no limit); beyond it, 429 with Retry-After."),
          new Setting(
              "ESTRAN_METRICS_TOKEN",
              null,
              "Bearer token Prometheus sends to read `/metrics` (at least 20 characters); platform admins' API tokens work too."),
          new Setting(
              "ESTRAN_SCHEDULER_NAME",
              "estran",
              "Quartz scheduler name; replicas sharing a database and this name form one cluster."),
          new Setting(
              "ESTRAN_REPLICA_TIMEOUT",
              "PT10S",
              "A replica silent this long (no heartbeat in the database) is taken for dead: its reconcile leases are taken over, and its anonymisation runs FAILED with the reason."),
          new Setting(
              "ESTRAN_SMTP_HOST", null, "SMTP server for mails to users; unset: no mail is sent."),
          new Setting("ESTRAN_SMTP_PORT", "587", "SMTP port."),
          new Setting(
              "ESTRAN_SMTP_TLS",
              "starttls",
              "`starttls` (required), `smtps` (TLS from the start) or `none` (plain; STARTTLS if offered)."),
          new Setting("ESTRAN_SMTP_USER", null, "SMTP user; unset: no authentication."),
          new Setting("ESTRAN_SMTP_PASSWORD", null, "SMTP password."),
          new Setting(
              "ESTRAN_MAIL_FROM",
              "Estran <estran@localhost>",
              "Sender of the mails, `Name <address>`."),
          new Setting(
              "ESTRAN_EXPIRY_WARNINGS",
              "PT24H,PT1H",
              "How long before expiry owners are warned (mail and sandbox event), comma-separated; empty: never."),
          new Setting(
              "ESTRAN_MAIL_SLOW_PROVISIONING",
              "PT5M",
              "Owners get a mail when their sandbox becomes READY after provisioning longer than this."),
          new Setting(
              "ESTRAN_NOTICE_INTERVAL",
              "PT5S",
              "How often due notices (warnings, mails) are looked for and SMTP failures retried."),
          new Setting(
              "ESTRAN_PUBLIC_URL",
              null,
              "URL people reach Estran's pages at (e.g. `https://estran.example.fr`), for the OIDC redirect URI `<url>/signin/callback`. Unset: the pages take it from each request's Host, mails use `http://localhost:<ESTRAN_HTTP_PORT>`."),
          new Setting(
              "ESTRAN_WEB_SESSION_TTL",
              "PT8H",
              "How long a sign-in to the web pages lasts (the session is deleted on sign-out)."),
          new Setting(
              "ESTRAN_DATASET_LOADER_IMAGE",
              "curlimages/curl:8.11.1",
              "Image of the Jobs that load datasets into sandboxes (needs `sh`, `curl` and `sha256sum`)."),
          new Setting(
              "ESTRAN_DATASET_LOADER_URL",
              null,
              "Base URL at which loader Jobs reach Estran, e.g. `http://estran.estran.svc:7070` (unset: `http://localhost:<port>`)."),
          new Setting(
              "ESTRAN_DATASET_LOADER_TIMEOUT",
              "PT15M",
              "How long a sandbox's dataset loaders may take, from its creation, before it is FAILED."),
          new Setting(
              "ESTRAN_CONTROL_PLANE_NAMESPACE",
              null,
              "Namespace Estran's pods run in (the chart sets it). Set: each sandbox loading datasets gets a NetworkPolicy letting its loader pods, and only them, reach Estran's pods on `ESTRAN_HTTP_PORT`. Unset: none (Estran outside the cluster, dev mode)."),
          new Setting(
              "ESTRAN_CONTROL_PLANE_POD_LABELS",
              "app.kubernetes.io/name=estran",
              "Labels selecting Estran's pods, `key=value` pairs separated by commas (the chart sets its selector labels)."),
          new Setting(
              "ESTRAN_DATASET_WORK_DIR",
              null,
              "Folder where anonymisation runs keep their raw upload and output until they end (unset: `runs` in the data folder in dev mode, `estran-runs` in the system temp folder in production)."),
          new Setting(
              "ESTRAN_LOG_FORMAT",
              "text",
              "`text` (one line per event) or `json` (one JSON object per line, with an ISO-8601 `date`)."),
          new Setting(
              "ESTRAN_AUDIT_PERSONAL_RETENTION",
              "P180D",
              "After this, audit entries lose their personal fields (e-mail pseudonymised, IP address and user agent cleared); the entries stay."),
          new Setting(
              "ESTRAN_SANDBOX_RETENTION",
              "P90D",
              "How long after its end a DELETED or FAILED sandbox keeps its name, events and mail records; then they are purged and only what the quota ledger and the reports need stays."),
          new Setting(
              "ESTRAN_AUTH_CACHE_TTL",
              "PT1S",
              "How long the caller behind an API token, a sandbox and a page of sandboxes as last read are kept in memory (at most PT10S): a revoked token, a deactivated user or a changed role takes effect at once on the replica where it is changed, within this on the others; what a sandbox is shows a change made on another replica within this."));

  public static Setting named(String name) {
    return ALL.stream()
        .filter(setting -> setting.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no setting " + name));
  }
}

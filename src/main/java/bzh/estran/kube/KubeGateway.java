package bzh.estran.kube;

import bzh.estran.kube.core.SandboxLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Every call Estran makes to the Kubernetes API. Close it to stop its apply threads. Calls are
 * bounded: at most {@code maxInFlight} run at once, the others wait their turn. Answers that ask
 * for a retry ({@code 429 Too Many Requests}, 5xx, a broken connection) are retried by {@link
 * KubeRetry}, waiting what the server asks for ({@code Retry-After}) or backing off exponentially.
 */
public final class KubeGateway implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubeGateway.class);

  /** The field manager of Estran's server-side applies. */
  public static final String FIELD_MANAGER = "estran";

  /** How objects are written. */
  public enum ApplyMode {
    /**
     * Server-side apply (one {@code PATCH} per object, field manager {@value #FIELD_MANAGER},
     * conflicts forced): creates or updates in one request, and changes only the fields Estran
     * sets. What a real API server should get. An API server that turns out not to have it (it
     * answers an apply with 415, or with 404 for a new object and then takes its create, as the
     * CRUD mock server of the simulated cluster does) gets {@link #REPLACE} from then on.
     */
    SERVER_SIDE,
    /**
     * Create, or replace: an update when the watch's cache holds the object, else a create (then an
     * update on conflict).
     */
    REPLACE
  }

  /**
   * One object to write, and the resource version it was last seen with (in the watch's cache or by
   * a read), or null when it was not seen: it is most likely missing.
   */
  public record Write(HasMetadata object, String seenVersion) {

    /** An object not seen, to create. */
    public static Write create(HasMetadata object) {
      return new Write(object, null);
    }
  }

  private final KubernetesClient client;
  private volatile boolean serverSideApply;

  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Optional<String> publicServerUrl;
  private final KubeRetry retry;
  private final java.util.concurrent.ExecutorService parallel;

  public KubeGateway(
      KubernetesClient client,
      int maxInFlight,
      Optional<String> publicServerUrl,
      KubeRetry retry,
      ApplyMode mode) {
    this.serverSideApply = mode == ApplyMode.SERVER_SIDE;
    this.parallel =
        java.util.concurrent.Executors.newFixedThreadPool(
            maxInFlight,
            runnable -> {
              Thread thread = new Thread(runnable, "estran-kube-apply");
              thread.setDaemon(true);
              return thread;
            });
    this.client = client;
    this.retry = retry;
    this.inFlight = new Semaphore(maxInFlight, true);
    this.maxInFlight = maxInFlight;
    this.publicServerUrl = publicServerUrl;
  }

  /**
   * Writes the first object first when it is a namespace, then all the others at once (each still
   * waits for an in-flight slot): a namespace first, then what goes into it. Answers what the API
   * server answered for each, in order; throws the first failure once all have finished.
   */
  public List<HasMetadata> applyAll(List<Write> writes) {
    if (writes.isEmpty()) {
      return List.of();
    }
    List<HasMetadata> answers = new ArrayList<>();
    int from = 0;
    if (writes.get(0).object() instanceof Namespace) {
      answers.add(apply(writes.get(0)));
      from = 1;
    }
    List<java.util.concurrent.CompletableFuture<HasMetadata>> rest =
        writes.subList(from, writes.size()).stream()
            .map(
                write ->
                    java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> apply(write), parallel))
            .toList();
    KubernetesClientException first = null;
    for (java.util.concurrent.CompletableFuture<HasMetadata> future : rest) {
      try {
        answers.add(future.get()); // interruptible: a stopping worker does not wait for the others
      } catch (InterruptedException e) {
        rest.forEach(pending -> pending.cancel(true));
        Thread.currentThread().interrupt();
        throw new KubernetesClientException("interrupted while applying objects");
      } catch (java.util.concurrent.ExecutionException e) {
        answers.add(null);
        if (first == null) {
          first =
              e.getCause() instanceof KubernetesClientException k
                  ? k
                  : new KubernetesClientException(
                      String.valueOf(e.getCause().getMessage()), e.getCause());
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return answers;
  }

  /**
   * Creates the object, or updates it to this content if it exists: one server-side apply, or a
   * create or a replace ({@link ApplyMode}). Answers the object as the API server answered it.
   */
  public HasMetadata apply(Write write) {
    HasMetadata typed = typed(write.object());
    return bounded(() -> write(typed, write.seenVersion()));
  }

  private HasMetadata write(HasMetadata typed, String seenVersion) {
    if (serverSideApply) {
      try {
        return client
            .resource(typed)
            .fieldManager(FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 415) {
          noServerSideApply("answered 415 Unsupported Media Type to an apply");
          return replace(typed, seenVersion);
        }
        if (e.getCode() != 404) {
          throw e;
        }
        // a real API server answers 404 only when the namespace is missing: the create fails too
        HasMetadata created =
            client.resource(typed).unlock().createOr(NonDeletingOperation::update);
        noServerSideApply("answered 404 to the apply of a new object, then took its create");
        return created;
      }
    }
    return replace(typed, seenVersion);
  }

  /**
   * An object seen: one update at the version seen (a newer version, 409: read it and update); gone
   * meanwhile (404), or not seen: a create (exists after all, 409: read it and update).
   */
  private HasMetadata replace(HasMetadata typed, String seenVersion) {
    if (seenVersion != null) {
      HasMetadata versioned = client.getKubernetesSerialization().clone(typed);
      versioned.getMetadata().setResourceVersion(seenVersion);
      try {
        return client.resource(versioned).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          return client.resource(typed).unlock().update();
        }
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
    return client.resource(typed).unlock().createOr(NonDeletingOperation::update);
  }

  private void noServerSideApply(String why) {
    if (serverSideApply) {
      serverSideApply = false;
      LOG.info(
          "The Kubernetes API server has no server-side apply (it {}): objects are created and"
              + " replaced from now on, as with ESTRAN_KUBE_APPLY=replace",
          why);
    }
  }

  /** The object as the API server holds it now, if it exists (one read). */
  public Optional<HasMetadata> current(HasMetadata object) {
    HasMetadata typed = typed(object);
    return Optional.ofNullable(bounded(() -> client.resource(typed).get()));
  }

  /** An object as a JSON tree (maps, lists, scalars), as it would be sent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> tree(HasMetadata object) {
    return client.getKubernetesSerialization().convertValue(object, Map.class);
  }

  /** Deletes one object of a sandbox (absent already: nothing to do). */
  public void delete(Class<? extends HasMetadata> type, String namespace, String name) {
    bounded(() -> client.resources(type).inNamespace(namespace).withName(name).delete());
  }

  /** The client, for the informers of {@link ClusterWatch}. */
  KubernetesClient client() {
    return client;
  }

  private HasMetadata typed(HasMetadata object) {
    if (object instanceof GenericKubernetesResource generic) {
      KubernetesResource converted =
          client.getKubernetesSerialization().convertValue(generic, KubernetesResource.class);
      if (converted instanceof HasMetadata hasMetadata) {
        return hasMetadata;
      }
    }
    return object;
  }

  /**
   * Creates the object unless one of that kind and name exists; never updates it (a Job's spec is
   * immutable, and its status belongs to the cluster).
   */
  public void createIfAbsent(HasMetadata object) {
    HasMetadata typed = typed(object);
    bounded(
        () -> {
          if (client.resource(typed).get() == null) {
            try {
              client.resource(typed).create();
            } catch (KubernetesClientException e) {
              if (e.getCode() != 409) {
                throw e;
              }
            }
          }
          return null;
        });
  }

  /** A Job of a namespace, if it exists. */
  public Optional<Job> job(String namespace, String name) {
    return Optional.ofNullable(
        bounded(() -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get()));
  }

  public Optional<Namespace> namespace(String name) {
    return Optional.ofNullable(bounded(() -> client.namespaces().withName(name).get()));
  }

  /** Asks for the namespace's deletion (in the background); returns at once. */
  public void deleteNamespace(String name) {
    bounded(() -> client.namespaces().withName(name).delete());
  }

  /** Every namespace labelled as managed by Estran. */
  public List<Namespace> managedNamespaces() {
    return bounded(
        () ->
            client
                .namespaces()
                .withLabel(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGED_BY_VALUE)
                .list()
                .getItems());
  }

  /**
   * A bound token for the ServiceAccount, valid for {@code ttl} (the API server may shorten it).
   */
  public String requestToken(String namespace, String serviceAccount, Duration ttl) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(ttl.toSeconds())
            .endSpec()
            .build();
    TokenRequest answer =
        bounded(
            () ->
                client
                    .serviceAccounts()
                    .inNamespace(namespace)
                    .withName(serviceAccount)
                    .tokenRequest(request));
    if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null) {
      throw new KubernetesClientException("the API server returned no token for " + serviceAccount);
    }
    return answer.getStatus().getToken();
  }

  /** Server URL and CA that users' kubeconfigs should carry. */
  public ClusterEndpoint endpoint() {
    Config config = client.getConfiguration();
    String server = publicServerUrl.orElse(config.getMasterUrl());
    return new ClusterEndpoint(stripSlash(server), caData(config), config.isTrustCerts());
  }

  /** Whether the API server answers now (one try, no retry: a probe must answer quickly). */
  public boolean reachable() {
    try {
      oneBounded(() -> client.getKubernetesVersion());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String caData(Config config) {
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return config.getCaCertData();
    }
    if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
      try {
        return Base64.getEncoder()
            .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the cluster CA " + config.getCaCertFile(), e);
      }
    }
    return null;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private <T> T bounded(Supplier<T> call) {
    return retry.call(() -> oneBounded(call));
  }

  private <T> T oneBounded(Supplier<T> call) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while waiting for a Kubernetes API slot");
    }
    try {
      return call.get();
    } finally {
      inFlight.release();
    }
  }

  @Override
  public void close() {
    parallel.shutdownNow();
  }

  /** Requests in flight right now (for metrics). */
  public int inFlight() {
    return maxInFlight - inFlight.availablePermits();
  }
}

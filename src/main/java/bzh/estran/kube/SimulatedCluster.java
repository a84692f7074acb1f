package bzh.estran.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An in-memory Kubernetes API (Fabric8's mock server in CRUD mode) for dev mode and tests. It
 * stores objects but runs nothing: no pods start, no namespace lingers in Terminating (what it held
 * is deleted just after it, in the background). On top of CRUD it answers ServiceAccount
 * TokenRequests with made-up tokens, and lets tests inject faults. When given a state file, it
 * reloads the objects saved there, saves them again shortly after every change (write-through,
 * debounced, by atomic replacement, so a crash loses at most the last fraction of a second) and on
 * close.
 */
public final class SimulatedCluster implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SimulatedCluster.class);

  /** Answers a request instead of the simulated API when it returns a response (test faults). */
  public interface Interceptor extends Function<RecordedRequest, Optional<MockResponse>> {}

  private static final Pattern NAMESPACE = Pattern.compile("^/api/v1/namespaces/([^/?]+)(\\?.*)?$");

  private static final Pattern JOBS =
      Pattern.compile("^/apis/batch/v1/namespaces/([^/]+)/jobs(\\?.*)?$");

  private static final Pattern TOKEN_REQUEST =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/serviceaccounts/([^/?]+)/token(\\?.*)?$");

  /** Held so the JUL logger (and the quieter level set on it) is not garbage-collected. */
  private final java.util.logging.Logger mockServerLog;

  private final KubernetesMockServer server;
  private final Optional<Path> stateFile;
  private final KubernetesClient client;
  private final SimulatedKubelet kubelet;
  private final java.util.concurrent.ExecutorService reaper =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "simulated-namespace-reaper");
            thread.setDaemon(true);
            return thread;
          });

  /** Saves the state file shortly after changes, so a crash ({@code kill -9}) loses nothing. */
  private final java.util.concurrent.ScheduledExecutorService saver =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "simulated-cluster-saver");
            thread.setDaemon(true);
            return thread;
          });

  private final java.util.concurrent.atomic.AtomicBoolean saveDue =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** How long changes are gathered before one save: a burst of writes is saved once. */
  private static final long SAVE_DEBOUNCE_MILLIS = 100;

  private SimulatedCluster(
      KubernetesMockServer server,
      Optional<Path> stateFile,
      java.util.logging.Logger mockServerLog) {
    this.mockServerLog = mockServerLog;
    this.server = server;
    this.stateFile = stateFile;
    this.client = server.createClient();
    this.kubelet = new SimulatedKubelet(client);
  }

  /** Starts on a free loopback port, reloading {@code stateFile} when it exists. */
  public static SimulatedCluster start(Optional<Path> stateFile, Interceptor interceptor) {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    java.util.concurrent.atomic.AtomicReference<SimulatedCluster> self =
        new java.util.concurrent.atomic.AtomicReference<>();
    Dispatcher dispatcher =
        new SimulatedDispatcher(
            new KubernetesMixedDispatcher(expectations),
            interceptor,
            namespace -> self.get().reapLater(namespace),
            () -> self.get().saveSoon(),
            namespace -> self.get().kubelet.jobCreated(namespace));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), expectations, dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    SimulatedCluster cluster = new SimulatedCluster(server, stateFile, log);
    self.set(cluster);
    stateFile.filter(Files::exists).ifPresent(cluster::load);
    return cluster;
  }

  public static SimulatedCluster start() {
    return start(Optional.empty(), request -> Optional.empty());
  }

  /**
   * Deletes what a deleted namespace held, in the background, as a real API server's namespace
   * controller does (the CRUD mock server alone would keep it forever).
   */
  private void reapLater(String namespace) {
    reaper.execute(
        () -> {
          for (Class<? extends HasMetadata> kind : StoredKinds.NAMESPACED) {
            for (HasMetadata item :
                client.resources(kind).inNamespace(namespace).list().getItems()) {
              client.resource(item).delete();
            }
          }
        });
  }

  /** The API server URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** A client of this cluster, for tests and the state file. */
  public KubernetesClient client() {
    return client;
  }

  /** Saves every namespaced object whose namespace still exists, with the namespaces. */
  public void save() {
    stateFile.ifPresent(this::saveTo);
  }

  /** After a change: saves within {@value #SAVE_DEBOUNCE_MILLIS} ms, once for a burst. */
  private void saveSoon() {
    if (stateFile.isPresent() && saveDue.compareAndSet(false, true)) {
      try {
        saver.schedule(
            () -> {
              saveDue.set(false);
              try {
                save();
              } catch (RuntimeException e) {
                LOG.warn("Could not save the simulated cluster: {}", e.toString());
              }
            },
            SAVE_DEBOUNCE_MILLIS,
            java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        saveDue.set(false); // closing: close() saves last
      }
    }
  }

  @Override
  public void close() {
    try {
      kubelet.close();
      reaper.shutdown();
      reaper.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      saver.shutdownNow();
      saver.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      save();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
      try {
        server.destroy();
      } catch (IllegalStateException e) {
        // the mock server closes each watch on its one event loop, waiting for that watch's sender;
        // with many informers on a loaded machine that can outlast its own shutdown timeout
        LOG.warn("The simulated API server did not stop in time ({}); going on", e.getMessage());
      }
    }
  }

  /**
   * Writes a temporary file beside {@code file}, then moves it over, so a crash leaves one whole.
   */
  private synchronized void saveTo(Path file) {
    List<Namespace> namespaces = client.namespaces().list().getItems();
    Set<String> names =
        namespaces.stream().map(ns -> ns.getMetadata().getName()).collect(Collectors.toSet());
    List<HasMetadata> objects = new ArrayList<>(namespaces);
    for (Class<? extends HasMetadata> kind : StoredKinds.NAMESPACED) {
      client.resources(kind).inAnyNamespace().list().getItems().stream()
          .filter(item -> names.contains(item.getMetadata().getNamespace()))
          .forEach(objects::add);
    }
    KubernetesList list = new KubernetesListBuilder().withItems(objects).build();
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(
            temporary, client.getKubernetesSerialization().asYaml(list), StandardCharsets.UTF_8);
        Files.move(
            temporary,
            file,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the simulated cluster to " + file, e);
    }
  }

  private void load(Path file) {
    try {
      KubernetesList list =
          client
              .getKubernetesSerialization()
              .unmarshal(Files.readString(file, StandardCharsets.UTF_8), KubernetesList.class);
      for (HasMetadata item : list.getItems()) {
        item.getMetadata().setResourceVersion(null);
        client.resource(item).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the simulated cluster from " + file, e);
    }
  }

  /** Test faults first, then TokenRequests, then everything else to the CRUD store. */
  private static final class SimulatedDispatcher extends Dispatcher {
    private final Dispatcher crud;
    private final Interceptor interceptor;
    private final java.util.function.Consumer<String> namespaceDeleted;
    private final Runnable changed;
    private final java.util.function.Consumer<String> jobCreated;
    private final SecureRandom random = new SecureRandom();

    SimulatedDispatcher(
        Dispatcher crud,
        Interceptor interceptor,
        java.util.function.Consumer<String> namespaceDeleted,
        Runnable changed,
        java.util.function.Consumer<String> jobCreated) {
      this.crud = crud;
      this.interceptor = interceptor;
      this.namespaceDeleted = namespaceDeleted;
      this.changed = changed;
      this.jobCreated = jobCreated;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Optional<MockResponse> intercepted = interceptor.apply(request);
      if (intercepted.isPresent()) {
        return intercepted.get();
      }
      Matcher token = TOKEN_REQUEST.matcher(request.getPath());
      if ("POST".equals(request.getMethod()) && token.matches()) {
        return tokenResponse(token.group(1), token.group(2), request.getUtf8Body());
      }
      MockResponse response = crud.dispatch(request);
      Matcher namespace = NAMESPACE.matcher(request.getPath());
      if ("DELETE".equals(request.getMethod()) && namespace.matches() && response.code() < 300) {
        namespaceDeleted.accept(namespace.group(1));
      }
      if (!"GET".equals(request.getMethod()) && response.code() < 300) {
        changed.run();
      }
      Matcher jobs = JOBS.matcher(request.getPath());
      if ("POST".equals(request.getMethod()) && jobs.matches() && response.code() < 300) {
        jobCreated.accept(jobs.group(1));
      }
      return response;
    }

    private MockResponse tokenResponse(String namespace, String serviceAccount, String body) {
      long seconds = 3600;
      Matcher expiration = Pattern.compile("\"expirationSeconds\"\\s*:\\s*(\\d+)").matcher(body);
      if (expiration.find()) {
        seconds = Long.parseLong(expiration.group(1));
      }
      byte[] secret = new byte[24];
      random.nextBytes(secret);
      String token = "simulated." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      Instant expires = Clock.systemUTC().instant().plusSeconds(seconds);
      String json =
          "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\","
              + "\"metadata\":{\"name\":\""
              + serviceAccount
              + "\",\"namespace\":\""
              + namespace
              + "\"},"
              + "\"spec\":{\"expirationSeconds\":"
              + seconds
              + "},"
              + "\"status\":{\"token\":\""
              + token
              + "\",\"expirationTimestamp\":\""
              + expires
              + "\"}}";
      return new MockResponse()
          .setResponseCode(201)
          .setHeader("Content-Type", "application/json")
          .setBody(json);
    }

    @Override
    public void shutdown() {
      crud.shutdown();
    }
  }
}

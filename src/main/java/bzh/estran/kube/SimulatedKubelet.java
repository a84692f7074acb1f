package bzh.estran.kube;

import bzh.estran.kube.core.DatasetLoaderObjects;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet for dataset loader Jobs in the simulated cluster: when one is created, it does
 * what the loader's container would, for real: downloads the version from Estran's content endpoint
 * with the token of the Job's Secret, checks its SHA-256, then marks the Job succeeded or failed
 * with the reason. Nothing is written anywhere (no pod, no volume).
 */
final class SimulatedKubelet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedKubelet.class);

  private final KubernetesClient client;
  private final java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ExecutorService runner =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "simulated-kubelet");
            thread.setDaemon(true);
            return thread;
          });

  SimulatedKubelet(KubernetesClient client) {
    this.client = client;
  }

  /** A Job was created in {@code namespace}: run the loaders there that have not run yet. */
  void jobCreated(String namespace) {
    runner.execute(
        () -> {
          try {
            for (Job job :
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .withLabel(DatasetLoaderObjects.ROLE, DatasetLoaderObjects.LOADER_ROLE)
                    .list()
                    .getItems()) {
              if (started.add(job.getMetadata().getUid())) {
                run(namespace, job.getMetadata().getName());
              }
            }
          } catch (RuntimeException e) {
            LOG.warn("The simulated kubelet could not run the Jobs of {}", namespace, e);
          }
        });
  }

  private void run(String namespace, String name) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    if (job == null
        || !DatasetLoaderObjects.LOADER_ROLE.equals(
            job.getMetadata().getLabels().get(DatasetLoaderObjects.ROLE))) {
      return;
    }
    String failure;
    try {
      failure = download(namespace, job);
    } catch (IOException | RuntimeException e) {
      failure = "download failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    finish(job, failure);
  }

  /** Null when the download succeeded and matched; else why not. */
  private String download(String namespace, Job job) throws IOException, InterruptedException {
    List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    String url = value(env, "DATASET_URL");
    String expected = value(env, "DATASET_SHA256");
    Secret secret =
        client.secrets().inNamespace(namespace).withName(DatasetLoaderObjects.TOKEN_SECRET).get();
    String token = token(secret);
    if (token == null) {
      return "the loader token Secret is missing";
    }
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(10))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest digest = sha256();
    try (InputStream body = new DigestInputStream(response.body(), digest)) {
      body.transferTo(OutputNowhere.INSTANCE);
    }
    if (response.statusCode() != 200) {
      return "Estran answered HTTP " + response.statusCode() + " to the download";
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expected)) {
      return "sha256sum: data.csv: FAILED (expected " + expected + ", got " + actual + ")";
    }
    return null;
  }

  private void finish(Job job, String failure) {
    String now = Instant.now().toString();
    JobStatusBuilder status = new JobStatusBuilder().withStartTime(now);
    if (failure == null) {
      status
          .withSucceeded(1)
          .withCompletionTime(now)
          .withConditions(
              new JobConditionBuilder().withType("Complete").withStatus("True").build());
    } else {
      status
          .withFailed(1)
          .withConditions(
              new JobConditionBuilder()
                  .withType("Failed")
                  .withStatus("True")
                  .withReason("BackoffLimitExceeded")
                  .withMessage(failure)
                  .build());
      LOG.info("Simulated loader {} failed: {}", job.getMetadata().getName(), failure);
    }
    job.setStatus(status.build());
    client.resource(job).updateStatus();
  }

  private static String token(Secret secret) {
    if (secret == null) {
      return null;
    }
    Map<String, String> plain = secret.getStringData();
    if (plain != null && plain.containsKey(DatasetLoaderObjects.TOKEN_KEY)) {
      return plain.get(DatasetLoaderObjects.TOKEN_KEY);
    }
    Map<String, String> data = secret.getData();
    if (data != null && data.containsKey(DatasetLoaderObjects.TOKEN_KEY)) {
      return new String(
          Base64.getDecoder().decode(data.get(DatasetLoaderObjects.TOKEN_KEY)),
          StandardCharsets.UTF_8);
    }
    return null;
  }

  private static String value(List<EnvVar> env, String name) {
    return env.stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the loader Job has no " + name));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }

  /** Discards what it is given. */
  private static final class OutputNowhere extends java.io.OutputStream {
    static final OutputNowhere INSTANCE = new OutputNowhere();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}

package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dataset preload of a sandbox, one small factory per kind: the data volume (a claim counted in
 * the sandbox's storage), the Secret holding the loader token, a ConfigMap of READMEs, and one Job
 * per dataset version that downloads it with the token, checks its SHA-256 and writes {@code
 * /data/<name>/<version>/data.csv} and {@code README}. Pods meet Pod Security {@code restricted}.
 * Pure: builds objects, talks to no cluster.
 */
public final class DatasetLoaderObjects {

  public static final String VOLUME_CLAIM = "estran-datasets";
  public static final String TOKEN_SECRET = "estran-dataset-loader";
  public static final String TOKEN_KEY = "token";
  public static final String READMES = "estran-dataset-readmes";
  public static final String ROLE = "estran.bzh/role";
  public static final String LOADER_ROLE = "dataset-loader";
  public static final String DATASET = "estran.bzh/dataset";

  /** The label Kubernetes puts on every namespace, holding its name. */
  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private static final long LOADER_UID = 65532;

  /** The shell the loader runs (curl and sha256sum of the loader image). */
  static final String SCRIPT =
      "set -eu\n"
          + "dir=\"/data/$DATASET_NAME/$DATASET_VERSION\"\n"
          + "mkdir -p \"$dir\"\n"
          + "curl -fsS --retry 5 --retry-all-errors -H \"Authorization: Bearer $ESTRAN_TOKEN\""
          + " -o \"$dir/data.csv.part\" \"$DATASET_URL\"\n"
          + "echo \"$DATASET_SHA256  $dir/data.csv.part\" | sha256sum -c -\n"
          + "mv \"$dir/data.csv.part\" \"$dir/data.csv\"\n"
          + "cp \"/readme/$DATASET_KEY\" \"$dir/README\"\n";

  private DatasetLoaderObjects() {}

  /** The name of the NetworkPolicy that lets loader pods reach Estran. */
  public static final String LOADER_EGRESS = "estran-dataset-loader-egress";

  /**
   * How loader Jobs run: their image, how long they may take, and where Estran's pods are when it
   * runs in the cluster (empty: no egress policy for loaders, as in dev mode or when Estran runs
   * outside the cluster).
   */
  public record Settings(String image, Duration timeout, Optional<ControlPlane> controlPlane) {
    public Settings(String image, Duration timeout) {
      this(image, timeout, Optional.empty());
    }
  }

  /**
   * Where Estran's own pods run: their namespace, the labels that select them, and the port they
   * listen on (the container's, which NetworkPolicies see, not the Service's).
   */
  public record ControlPlane(String namespace, Map<String, String> podLabels, int port) {
    public ControlPlane {
      if (namespace == null || namespace.isBlank()) {
        throw new IllegalArgumentException("the control plane's namespace is required");
      }
      if (podLabels == null || podLabels.isEmpty()) {
        throw new IllegalArgumentException("the control plane's pod labels are required");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("the control plane's port must be 1-65535");
      }
      podLabels = Collections.unmodifiableMap(new LinkedHashMap<>(podLabels));
    }
  }

  /**
   * Everything but the Jobs: the volume, and when there is something to load, token and READMEs.
   */
  public static List<HasMetadata> supporting(
      Sandbox sandbox, int volumeGiB, List<DatasetLoad> loads, String token) {
    return supporting(sandbox, volumeGiB, loads, token, Optional.empty());
  }

  /**
   * Everything but the Jobs: the volume, and when there is something to load, token, READMEs and
   * (when Estran runs in the cluster) the loader egress policy.
   */
  public static List<HasMetadata> supporting(
      Sandbox sandbox,
      int volumeGiB,
      List<DatasetLoad> loads,
      String token,
      Optional<ControlPlane> controlPlane) {
    if (loads.isEmpty()) {
      return List.of(volume(sandbox, volumeGiB));
    }
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(volume(sandbox, volumeGiB));
    objects.add(tokenSecret(sandbox, token));
    objects.add(readmes(sandbox, loads));
    controlPlane.ifPresent(where -> objects.add(loaderEgress(sandbox, where)));
    return List.copyOf(objects);
  }

  /**
   * Lets the sandbox's loader pods (and only them: they carry {@code estran.bzh/role:
   * dataset-loader}) send to Estran's pods on their port, which the sandbox's egress isolation
   * otherwise blocks when the cluster's private ranges are excepted. NetworkPolicies add up: the
   * other pods of the sandbox keep the isolation they had, and loaders gain no other sandbox.
   */
  public static NetworkPolicy loaderEgress(Sandbox sandbox, ControlPlane controlPlane) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(LOADER_EGRESS)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Map.of(ROLE, LOADER_ROLE))
        .endPodSelector()
        .withPolicyTypes("Egress")
        .addNewEgress()
        .addNewTo()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of(NAMESPACE_NAME, controlPlane.namespace()))
        .endNamespaceSelector()
        .withNewPodSelector()
        .withMatchLabels(controlPlane.podLabels())
        .endPodSelector()
        .endTo()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(controlPlane.port()))
        .endPort()
        .endEgress()
        .endSpec()
        .build();
  }

  /** The data volume, mounted at {@code /data}, of {@code volumeGiB}. */
  public static PersistentVolumeClaim volume(Sandbox sandbox, int volumeGiB) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(VOLUME_CLAIM)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(volumeGiB + "Gi")))
        .endResources()
        .endSpec()
        .build();
  }

  /** The loader token (it stops working when the sandbox ends). */
  public static Secret tokenSecret(Sandbox sandbox, String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(TOKEN_SECRET)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withType("Opaque")
        .withStringData(Map.of(TOKEN_KEY, token))
        .build();
  }

  /** One README per version, by {@link DatasetLoad#key()}. */
  public static ConfigMap readmes(Sandbox sandbox, List<DatasetLoad> loads) {
    Map<String, String> data = new LinkedHashMap<>();
    loads.forEach(load -> data.put(load.key(), load.readme()));
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(READMES)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withData(data)
        .build();
  }

  /** The Job of each version, in order. */
  public static List<Job> jobs(Sandbox sandbox, List<DatasetLoad> loads, Settings settings) {
    return loads.stream().map(load -> job(sandbox, load, settings)).toList();
  }

  /** The name of the Job that loads {@code load}. */
  public static String jobName(DatasetLoad load) {
    return "load-" + load.key();
  }

  /** A Job that downloads one version, checks it and writes it with its README. */
  public static Job job(Sandbox sandbox, DatasetLoad load, Settings settings) {
    Map<String, String> labels = new LinkedHashMap<>(SandboxLabels.of(sandbox));
    labels.put(ROLE, LOADER_ROLE);
    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(load))
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(labels)
        .withAnnotations(Map.of(DATASET, load.name() + "@" + load.version()))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(2)
        .withActiveDeadlineSeconds(Math.max(1, settings.timeout().toSeconds()))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(LOADER_UID)
        .withRunAsGroup(LOADER_UID)
        .withFsGroup(LOADER_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("loader")
        .withImage(settings.image())
        .withCommand("/bin/sh", "-c", SCRIPT)
        .addNewEnv()
        .withName("DATASET_NAME")
        .withValue(load.name())
        .endEnv()
        .addNewEnv()
        .withName("DATASET_VERSION")
        .withValue(Integer.toString(load.version()))
        .endEnv()
        .addNewEnv()
        .withName("DATASET_KEY")
        .withValue(load.key())
        .endEnv()
        .addNewEnv()
        .withName("DATASET_URL")
        .withValue(load.url())
        .endEnv()
        .addNewEnv()
        .withName("DATASET_SHA256")
        .withValue(load.sha256())
        .endEnv()
        .addNewEnv()
        .withName("ESTRAN_TOKEN")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(TOKEN_SECRET)
        .withKey(TOKEN_KEY)
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("64Mi")))
        .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/data")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("readme")
        .withMountPath("/readme")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim()
        .withClaimName(VOLUME_CLAIM)
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName("readme")
        .withNewConfigMap()
        .withName(READMES)
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}

package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetLoaderObjectsTest {

  private final Sandbox sandbox = TestSandboxes.sandbox();
  private final DatasetLoad load =
      new DatasetLoad("air-quality", 2, "ab".repeat(32), 1234, "http://estran:7070/x", "README");
  private final DatasetLoaderObjects.Settings settings =
      new DatasetLoaderObjects.Settings("curlimages/curl:8.11.1", Duration.ofMinutes(15));

  @Test
  void theVolumeIsAClaimOfTheTemplatesDataSizeInTheSandbox() {
    var claim = DatasetLoaderObjects.volume(sandbox, 5);
    assertThat(claim.getMetadata().getNamespace()).isEqualTo(SandboxNames.namespaceOf(sandbox));
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("5Gi");
    assertThat(SandboxLabels.isManagedByEstran(claim.getMetadata().getLabels())).isTrue();
  }

  @Test
  void withoutLoadsOnlyTheVolumeIsMade() {
    assertThat(DatasetLoaderObjects.supporting(sandbox, 5, List.of(), null)).hasSize(1);
    List<HasMetadata> all = DatasetLoaderObjects.supporting(sandbox, 5, List.of(load), "tok");
    assertThat(all)
        .extracting(o -> o.getMetadata().getName())
        .containsExactly(
            DatasetLoaderObjects.VOLUME_CLAIM,
            DatasetLoaderObjects.TOKEN_SECRET,
            DatasetLoaderObjects.READMES);
  }

  @Test
  void aLoaderJobMeetsPodSecurityRestrictedAndChecksTheSha256() {
    Job job = DatasetLoaderObjects.job(sandbox, load, settings);
    assertThat(job.getMetadata().getName()).isEqualTo("load-air-quality-v2");
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(900);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("curlimages/curl:8.11.1");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getCommand().get(2)).contains("sha256sum -c", "data.csv", "README");
    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("ESTRAN_TOKEN");
              assertThat(env.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo(DatasetLoaderObjects.TOKEN_SECRET);
            });
    assertThat(container.getEnv())
        .anySatisfy(env -> assertThat(env.getValue()).isEqualTo(load.sha256()));
  }

  @Test
  void aJobsStatusSaysWhetherItIsDone() {
    Job job = DatasetLoaderObjects.job(sandbox, load, settings);
    assertThat(LoaderStatus.of(java.util.Optional.empty()).state())
        .isEqualTo(LoaderStatus.State.RUNNING);
    assertThat(LoaderStatus.of(java.util.Optional.of(job)).state())
        .isEqualTo(LoaderStatus.State.RUNNING);
    job.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withMessage("sha256 mismatch")
            .endCondition()
            .build());
    assertThat(LoaderStatus.of(java.util.Optional.of(job)))
        .isEqualTo(new LoaderStatus(LoaderStatus.State.FAILED, "sha256 mismatch"));
    job.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withSucceeded(1).build());
    assertThat(LoaderStatus.of(java.util.Optional.of(job)).state())
        .isEqualTo(LoaderStatus.State.SUCCEEDED);
  }

  private final DatasetLoaderObjects.ControlPlane controlPlane =
      new DatasetLoaderObjects.ControlPlane(
          "estran-system",
          Map.of("app.kubernetes.io/name", "estran", "app.kubernetes.io/instance", "estran"),
          7070);

  @Test
  void inAClusterTheLoadersGetAnEgressPolicyAndWithoutLoadsNone() {
    List<HasMetadata> all =
        DatasetLoaderObjects.supporting(
            sandbox, 5, List.of(load), "tok", Optional.of(controlPlane));
    assertThat(all)
        .extracting(o -> o.getMetadata().getName())
        .containsExactly(
            DatasetLoaderObjects.VOLUME_CLAIM,
            DatasetLoaderObjects.TOKEN_SECRET,
            DatasetLoaderObjects.READMES,
            DatasetLoaderObjects.LOADER_EGRESS);
    assertThat(
            DatasetLoaderObjects.supporting(sandbox, 5, List.of(), null, Optional.of(controlPlane)))
        .extracting(o -> o.getMetadata().getName())
        .containsExactly(DatasetLoaderObjects.VOLUME_CLAIM);
    // outside a cluster (dev mode): no policy
    assertThat(DatasetLoaderObjects.supporting(sandbox, 5, List.of(load), "tok", Optional.empty()))
        .noneMatch(o -> o instanceof NetworkPolicy);
  }

  @Test
  void theLoaderEgressPolicySelectsOnlyLoaderPodsAndLetsThemOnlyToEstransPodsAndPort() {
    NetworkPolicy policy = DatasetLoaderObjects.loaderEgress(sandbox, controlPlane);
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(SandboxNames.namespaceOf(sandbox));
    assertThat(SandboxLabels.isManagedByEstran(policy.getMetadata().getLabels())).isTrue();
    NetworkPolicySpec spec = policy.getSpec();
    assertThat(spec.getPolicyTypes()).containsExactly("Egress");
    // only the pods of loader Jobs: the other pods of the sandbox are not selected
    assertThat(spec.getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("estran.bzh/role", "dataset-loader"));
    assertThat(spec.getPodSelector().getMatchExpressions()).isNullOrEmpty();
    Job job = DatasetLoaderObjects.job(sandbox, load, settings);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(spec.getPodSelector().getMatchLabels());

    assertThat(spec.getEgress()).hasSize(1);
    NetworkPolicyEgressRule rule = spec.getEgress().get(0);
    assertThat(rule.getTo()).hasSize(1);
    NetworkPolicyPeer peer = rule.getTo().get(0);
    assertThat(peer.getIpBlock()).isNull();
    // both selectors in one peer: Estran's pods in Estran's namespace, not a whole namespace
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "estran-system"));
    assertThat(peer.getPodSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(controlPlane.podLabels());
    assertThat(rule.getPorts()).hasSize(1);
    assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(7070);
    assertThat(rule.getPorts().get(0).getProtocol()).isEqualTo("TCP");
  }

  @Test
  void theSandboxsOwnIsolationIsTheSameWithDatasets() {
    // the loader policy adds to the isolation; it changes neither of the two sandbox policies
    List<NetworkPolicy> isolation = SandboxObjects.networkPolicies(sandbox, List.of("10.0.0.0/8"));
    assertThat(isolation)
        .extracting(p -> p.getMetadata().getName())
        .doesNotContain(DatasetLoaderObjects.LOADER_EGRESS);
    assertThat(isolation)
        .allSatisfy(p -> assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty());
  }

  @Test
  void aControlPlaneNeedsANamespaceLabelsAndAPort() {
    assertThatThrownBy(() -> new DatasetLoaderObjects.ControlPlane(" ", Map.of("a", "b"), 7070))
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> new DatasetLoaderObjects.ControlPlane("ns", Map.of(), 7070))
        .hasMessageContaining("labels");
    assertThatThrownBy(() -> new DatasetLoaderObjects.ControlPlane("ns", Map.of("a", "b"), 0))
        .hasMessageContaining("port");
  }
}

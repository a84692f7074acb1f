package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
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
}

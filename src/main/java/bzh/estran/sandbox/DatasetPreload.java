package bzh.estran.sandbox;

import bzh.estran.catalog.core.Template;
import bzh.estran.dataset.DatasetGrants;
import bzh.estran.kube.KubeGateway;
import bzh.estran.kube.core.DatasetLoad;
import bzh.estran.kube.core.DatasetLoaderObjects;
import bzh.estran.kube.core.LoaderStatus;
import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dataset preload of a sandbox, as the reconciler converges it: the data volume, token and
 * READMEs are part of the desired objects; loader Jobs are created once (never updated) and their
 * status says whether the sandbox may be READY, must wait, or has FAILED (a loader failed, or they
 * did not all finish in time).
 */
public final class DatasetPreload {

  private final DatasetGrants grants;
  private final KubeGateway kube;
  private final DatasetLoaderObjects.Settings settings;
  private final Supplier<String> estranUrl;
  private final Clock clock;

  /**
   * @param estranUrl the base URL at which loaders reach Estran (known once HTTP has started)
   */
  public DatasetPreload(
      DatasetGrants grants,
      KubeGateway kube,
      DatasetLoaderObjects.Settings settings,
      Supplier<String> estranUrl,
      Clock clock) {
    this.grants = grants;
    this.kube = kube;
    this.settings = settings;
    this.estranUrl = estranUrl;
    this.clock = clock;
  }

  /** Where the preload stands. */
  record Progress(LoaderStatus.State state, String detail) {}

  /** The volume (for templates that take datasets), and the token and READMEs when loading. */
  List<HasMetadata> supporting(Sandbox sandbox, Template template) {
    if (!template.takesDatasets()) {
      return List.of();
    }
    List<DatasetLoad> loads = loads(sandbox);
    return DatasetLoaderObjects.supporting(
        sandbox,
        template.dataVolumeGiB(),
        loads,
        loads.isEmpty() ? null : grants.loaderToken(sandbox.id()),
        settings.controlPlane());
  }

  /** Creates the missing loader Jobs and reads how they do. */
  Progress converge(Sandbox sandbox, Template template) {
    if (!template.takesDatasets()) {
      return new Progress(LoaderStatus.State.SUCCEEDED, "");
    }
    List<DatasetLoad> loads = loads(sandbox);
    List<Job> jobs = DatasetLoaderObjects.jobs(sandbox, loads, settings);
    jobs.forEach(kube::createIfAbsent);
    int done = 0;
    for (int i = 0; i < jobs.size(); i++) {
      LoaderStatus status =
          LoaderStatus.of(kube.job(sandbox.namespace(), jobs.get(i).getMetadata().getName()));
      DatasetLoad load = loads.get(i);
      if (status.state() == LoaderStatus.State.FAILED) {
        return new Progress(
            LoaderStatus.State.FAILED,
            "the loader of dataset "
                + load.name()
                + "@"
                + load.version()
                + " failed: "
                + status.reason());
      }
      if (status.state() == LoaderStatus.State.SUCCEEDED) {
        done++;
      }
    }
    if (done == jobs.size()) {
      String names =
          String.join(", ", loads.stream().map(l -> l.name() + "@" + l.version()).toList());
      return new Progress(LoaderStatus.State.SUCCEEDED, names);
    }
    if (clock.instant().isAfter(sandbox.createdAt().plus(settings.timeout()))) {
      return new Progress(
          LoaderStatus.State.FAILED,
          "the dataset loaders did not finish within "
              + settings.timeout()
              + " ("
              + done
              + " of "
              + jobs.size()
              + " done)");
    }
    return new Progress(LoaderStatus.State.RUNNING, done + " of " + jobs.size() + " loaded");
  }

  /** How long to wait before looking at running loaders again. */
  Duration poll() {
    return Duration.ofMillis(500);
  }

  private List<DatasetLoad> loads(Sandbox sandbox) {
    if (sandbox.datasets().isEmpty()) {
      return List.of();
    }
    String base = estranUrl.get();
    return grants.loadsOf(sandbox.id()).stream()
        .map(
            load ->
                new DatasetLoad(
                    load.version().name(),
                    load.version().version(),
                    load.version().sha256(),
                    load.version().bytes(),
                    base
                        + "/api/v1/dataset-content/"
                        + URLEncoder.encode(load.version().name(), StandardCharsets.UTF_8)
                        + "/"
                        + load.version().version(),
                    load.readme()))
        .toList();
  }
}

package bzh.estran.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.stream.Stream;

/** The namespaced kinds a sandbox can hold: Estran's own and those templates may use. */
final class StoredKinds {

  /**
   * The kinds of the objects Estran keeps as desired for a sandbox's life: its own ({@code
   * SandboxObjects.kept}) and the dataset preload's (volume, token, READMEs, loader egress). The
   * cluster watch follows these.
   */
  static final List<Class<? extends HasMetadata>> KEPT =
      List.of(
          ResourceQuota.class,
          LimitRange.class,
          NetworkPolicy.class,
          ServiceAccount.class,
          Role.class,
          RoleBinding.class,
          PersistentVolumeClaim.class,
          Secret.class,
          ConfigMap.class);

  /** Every namespaced kind: those Estran keeps, then those only templates and loaders use. */
  static final List<Class<? extends HasMetadata>> NAMESPACED =
      Stream.concat(
              KEPT.stream(),
              Stream.of(
                  Service.class,
                  Deployment.class,
                  StatefulSet.class,
                  Job.class,
                  CronJob.class,
                  Pod.class,
                  Ingress.class))
          .toList();

  private StoredKinds() {}
}

package bzh.estran.sandbox;

import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.Template;
import bzh.estran.catalog.core.TemplateRenderer;
import bzh.estran.catalog.core.TemplateVariables;
import bzh.estran.kube.ClusterWatch;
import bzh.estran.kube.KubeGateway;
import bzh.estran.kube.core.LoaderStatus;
import bzh.estran.kube.core.SandboxLabels;
import bzh.estran.kube.core.SandboxObjects;
import bzh.estran.notify.Notices;
import bzh.estran.notify.core.NoticeKind;
import bzh.estran.quota.QuotaAdmission;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxEvent;
import bzh.estran.sandbox.core.SandboxState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster match what the database says about one sandbox: creates what is missing while
 * it should exist, deletes its namespace when it should not, and moves its state on when the
 * cluster has caught up. Every path (provisioning, expiry, deletion, the sweep, retries) calls
 * {@link #reconcile}, so running it again is always safe.
 */
public final class SandboxReconciler {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxReconciler.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration TERMINATING_POLL = Duration.ofSeconds(2);

  private final Jdbi jdbi;
  private final KubeGateway kube;
  private final Catalog catalog;
  private final TemplateRenderer renderer;
  private final ProvisioningSettings settings;
  private final Clock clock;
  private final MeterRegistry meters;
  private final QuotaAdmission quota;
  private final Timer provisioningTime;
  private final Notices notices;
  private final DatasetPreload preload;
  private final DriftInbox drifts;

  public SandboxReconciler(
      Jdbi jdbi,
      KubeGateway kube,
      Catalog catalog,
      TemplateRenderer renderer,
      ProvisioningSettings settings,
      QuotaAdmission quota,
      Clock clock,
      MeterRegistry meters,
      Notices notices,
      DatasetPreload preload,
      DriftInbox drifts) {
    this.drifts = drifts;
    this.jdbi = jdbi;
    this.notices = notices;
    this.preload = preload;
    this.quota = quota;
    this.kube = kube;
    this.catalog = catalog;
    this.renderer = renderer;
    this.settings = settings;
    this.clock = clock;
    this.meters = meters;
    this.provisioningTime =
        Timer.builder("estran.sandbox.provisioning")
            .description("From request to READY")
            .serviceLevelObjectives(SandboxMetrics.PROVISIONING_BUCKETS)
            .register(meters);
  }

  /** Converges one sandbox; says whether and when to come back. */
  public ReconcileOutcome reconcile(UUID id) {
    List<ClusterWatch.Drift> seen = drifts.drain(id);
    SandboxDao dao = jdbi.onDemand(SandboxDao.class);
    Instant now = clock.instant();
    if (dao.claim(id, settings.instanceId(), now, now.plus(LEASE), settings.replicaTimeoutSeconds())
        == 0) {
      return ReconcileOutcome.DONE; // unknown, or another replica holds it
    }
    try {
      Sandbox sandbox = dao.find(id).orElseThrow();
      return switch (sandbox.state()) {
        case PROVISIONING -> provision(dao, sandbox);
        case READY -> converge(dao, sandbox, seen);
        case DELETING -> tearDown(dao, sandbox);
        case DELETED, FAILED -> ensureGone(sandbox);
      };
    } catch (KubernetesClientException e) {
      LOG.warn("Kubernetes call for sandbox {} failed: {}", id, reason(e));
      return ReconcileOutcome.after(settings.firstBackoff());
    } finally {
      dao.release(id, settings.instanceId());
    }
  }

  private ReconcileOutcome provision(SandboxDao dao, Sandbox sandbox) {
    Optional<Template> template = catalog.find(sandbox.template());
    if (template.isEmpty()) {
      return giveUp(
          dao, sandbox, 0, "template " + sandbox.template() + " is no longer in the catalog");
    }
    DatasetPreload.Progress loaded;
    try {
      applyDesired(sandbox, template.get());
      loaded = preload.converge(sandbox, template.get());
    } catch (KubernetesClientException e) {
      return failedAttempt(dao, sandbox, reason(e));
    }
    if (loaded.state() == LoaderStatus.State.FAILED) {
      return giveUp(dao, sandbox, 0, loaded.detail());
    }
    if (loaded.state() == LoaderStatus.State.RUNNING) {
      return ReconcileOutcome.after(preload.poll());
    }
    String datasets = loaded.detail().isEmpty() ? "" : ", datasets " + loaded.detail() + " loaded";
    Instant now = clock.instant();
    boolean ready =
        jdbi.inTransaction(
            handle -> {
              SandboxDao tx = handle.attach(SandboxDao.class);
              if (tx.transition(sandbox.id(), SandboxState.PROVISIONING, SandboxState.READY, now)
                  == 0) {
                return false;
              }
              Duration took = Duration.between(sandbox.createdAt(), now);
              tx.addEvent(
                  sandbox.id(),
                  now,
                  SandboxEvent.READY,
                  "Ready: namespace "
                      + sandbox.namespace()
                      + " and its objects exist"
                      + datasets
                      + " ("
                      + took.toMillis()
                      + " ms).");
              notices.announceReady(handle, sandbox.id(), took, now);
              return true;
            });
    if (!ready) {
      return ReconcileOutcome.AGAIN; // deleted or expired meanwhile: converge to that
    }
    provisioningTime.record(Duration.between(sandbox.createdAt(), now).abs());
    return ReconcileOutcome.DONE;
  }

  private List<HasMetadata> desiredObjects(Sandbox sandbox, Template template) {
    List<HasMetadata> templateObjects =
        new ArrayList<>(renderer.render(template, variablesOf(sandbox)));
    return SandboxObjects.all(sandbox, templateObjects, settings.egressExcept());
  }

  private static TemplateVariables variablesOf(Sandbox sandbox) {
    return new TemplateVariables(
        sandbox.id(),
        sandbox.name(),
        sandbox.namespace(),
        sandbox.ownerEmail(),
        sandbox.institutionSlug(),
        sandbox.template(),
        sandbox.size(),
        sandbox.expiresAt());
  }

  private ReconcileOutcome failedAttempt(SandboxDao dao, Sandbox sandbox, String reason) {
    int attempt = dao.attempts(sandbox.id()) + 1;
    if (attempt >= settings.maxAttempts()) {
      return giveUp(dao, sandbox, attempt, reason);
    }
    Instant now = clock.instant();
    Duration wait = settings.backoffAfter(attempt);
    jdbi.useTransaction(
        handle -> {
          SandboxDao tx = handle.attach(SandboxDao.class);
          tx.recordAttempt(sandbox.id(), attempt, now.plus(wait), now);
          tx.addEvent(
              sandbox.id(),
              now,
              SandboxEvent.PROVISIONING_RETRY,
              "Attempt "
                  + attempt
                  + " of "
                  + settings.maxAttempts()
                  + " failed: "
                  + reason
                  + "; retrying in "
                  + wait.toMillis()
                  + " ms.");
        });
    return ReconcileOutcome.after(wait);
  }

  /** Marks the sandbox FAILED with the reason and removes whatever was made. */
  private ReconcileOutcome giveUp(SandboxDao dao, Sandbox sandbox, int attempts, String reason) {
    Instant now = clock.instant();
    boolean failed =
        jdbi.inTransaction(
            handle -> {
              SandboxDao tx = handle.attach(SandboxDao.class);
              tx.recordAttempt(sandbox.id(), attempts, null, now);
              if (tx.fail(sandbox.id(), reason, now) == 0) {
                return false;
              }
              quota.refundAll(handle, sandbox, now, "provisioning failed");
              tx.addEvent(
                  sandbox.id(),
                  now,
                  SandboxEvent.FAILED,
                  "Provisioning failed"
                      + (attempts > 0 ? " after " + attempts + " attempts" : "")
                      + ": "
                      + reason
                      + ". Everything made for it is being removed.");
              notices.announce(handle, sandbox.id(), NoticeKind.FAILED, reason, now);
              return true;
            });
    if (!failed) {
      return ReconcileOutcome.AGAIN;
    }
    meters.counter("estran.sandboxes.failed").increment();
    return ensureGone(sandbox);
  }

  /**
   * The whole desired set of the sandbox, applied (namespace first), then its labelled objects that
   * are no longer desired deleted: the one way every live sandbox is converged.
   */
  private void applyDesired(Sandbox sandbox, Template template) {
    List<HasMetadata> desired = new ArrayList<>(desiredObjects(sandbox, template));
    desired.addAll(preload.supporting(sandbox, template));
    kube.applyAll(desired);
    Set<String> wanted = new HashSet<>();
    for (HasMetadata object : desired) {
      wanted.add(object.getKind() + "/" + object.getMetadata().getName());
    }
    for (ClusterWatch.Held held : drifts.held(sandbox.id())) {
      if (!held.owned()
          && sandbox.namespace().equals(held.namespace())
          && !wanted.contains(HasMetadata.getKind(held.type()) + "/" + held.name())) {
        LOG.info(
            "Deleting {} {}/{}: no longer desired",
            HasMetadata.getKind(held.type()),
            held.namespace(),
            held.name());
        kube.delete(held.type(), held.namespace(), held.name());
      }
    }
  }

  /**
   * A READY sandbox: ends it if its namespace is gone (Estran does not recreate a namespace someone
   * deleted), else applies the whole desired set and records what the watch saw changed outside
   * Estran. Woken only by the watch's reports of Estran's own writes (arriving before the answer to
   * the write did), it stops after the one read.
   */
  private ReconcileOutcome converge(
      SandboxDao dao, Sandbox sandbox, List<ClusterWatch.Drift> seen) {
    Optional<Namespace> namespace = kube.namespace(sandbox.namespace());
    if (namespace.isEmpty() || namespace.get().getMetadata().getDeletionTimestamp() != null) {
      return namespaceVanished(sandbox);
    }
    List<ClusterWatch.Drift> foreign =
        seen.stream()
            .filter(
                drift ->
                    drift.change() == ClusterWatch.Change.DELETED
                        || !kube.isOwnWrite(
                            drift.kind(), drift.namespace(), drift.name(), drift.resourceVersion()))
            .toList();
    Map<String, String> annotations = namespace.get().getMetadata().getAnnotations();
    boolean expiryCurrent =
        annotations != null
            && sandbox.expiresAt().toString().equals(annotations.get(SandboxLabels.EXPIRES_AT));
    if (!seen.isEmpty() && foreign.isEmpty() && expiryCurrent) {
      return ReconcileOutcome.DONE; // only Estran's own writes were seen
    }
    Optional<Template> template = catalog.find(sandbox.template());
    if (template.isEmpty()) {
      LOG.warn(
          "Sandbox {}: template {} is no longer in the catalog; its objects are left as they are",
          sandbox.id(),
          sandbox.template());
      return ReconcileOutcome.DONE;
    }
    applyDesired(sandbox, template.get());
    // a change the apply answered with that same version was already undone (by another replica)
    List<ClusterWatch.Drift> undone =
        foreign.stream()
            .filter(
                drift ->
                    drift.change() == ClusterWatch.Change.DELETED
                        || !kube.isOwnWrite(
                            drift.kind(), drift.namespace(), drift.name(), drift.resourceVersion()))
            .toList();
    if (!undone.isEmpty()) {
      recordRestored(dao, sandbox, undone);
    }
    return ReconcileOutcome.DONE;
  }

  private static final Set<String> ISOLATION =
      Set.of("ResourceQuota", "LimitRange", "NetworkPolicy");

  /** One event for what the watch saw changed outside Estran and the apply just put back. */
  private void recordRestored(SandboxDao dao, Sandbox sandbox, List<ClusterWatch.Drift> foreign) {
    Instant now = clock.instant();
    boolean onlyQuotaEdited =
        foreign.stream()
            .allMatch(
                d -> d.kind().equals("ResourceQuota") && d.change() == ClusterWatch.Change.CHANGED);
    if (onlyQuotaEdited) {
      dao.addEvent(
          sandbox.id(),
          now,
          SandboxEvent.QUOTA_RESTORED,
          "The ResourceQuota of "
              + sandbox.namespace()
              + " was changed outside Estran; restored to "
              + sandbox.size().cpu()
              + " CPU, "
              + sandbox.size().memoryGiB()
              + " GiB memory, "
              + sandbox.size().storageGiB()
              + " GiB storage.");
      meters.counter("estran.drift.repaired", "kind", "quota-edited").increment();
      return;
    }
    boolean isolation = foreign.stream().anyMatch(d -> ISOLATION.contains(d.kind()));
    Set<String> what = new LinkedHashSet<>();
    for (ClusterWatch.Drift d : foreign) {
      what.add(
          d.kind()
              + " "
              + d.name()
              + (d.change() == ClusterWatch.Change.DELETED ? " deleted" : " changed"));
    }
    dao.addEvent(
        sandbox.id(),
        now,
        isolation ? SandboxEvent.ISOLATION_RESTORED : SandboxEvent.OBJECTS_RESTORED,
        String.join(", ", what) + " in " + sandbox.namespace() + " outside Estran; restored.");
    meters
        .counter(
            "estran.drift.repaired", "kind", isolation ? "isolation-deleted" : "objects-changed")
        .increment();
  }

  private ReconcileOutcome namespaceVanished(Sandbox sandbox) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        handle -> {
          SandboxDao tx = handle.attach(SandboxDao.class);
          if (tx.transition(sandbox.id(), SandboxState.READY, SandboxState.DELETING, now) == 1) {
            quota.refundUnused(handle, sandbox, now, "namespace deleted outside Estran");
            tx.addEvent(
                sandbox.id(),
                now,
                SandboxEvent.NAMESPACE_VANISHED,
                "Namespace "
                    + sandbox.namespace()
                    + " was deleted outside Estran; the sandbox ends.");
          }
        });
    meters.counter("estran.drift.repaired", "kind", "namespace-vanished").increment();
    return ReconcileOutcome.AGAIN;
  }

  private ReconcileOutcome tearDown(SandboxDao dao, Sandbox sandbox) {
    if (namespaceRemains(sandbox)) {
      return ReconcileOutcome.after(TERMINATING_POLL);
    }
    Instant now = clock.instant();
    jdbi.useTransaction(
        handle -> {
          SandboxDao tx = handle.attach(SandboxDao.class);
          if (tx.transition(sandbox.id(), SandboxState.DELETING, SandboxState.DELETED, now) == 1) {
            tx.addEvent(
                sandbox.id(),
                now,
                SandboxEvent.DELETED,
                "Namespace " + sandbox.namespace() + " is gone.");
          }
        });
    return ReconcileOutcome.DONE;
  }

  private ReconcileOutcome ensureGone(Sandbox sandbox) {
    try {
      return namespaceRemains(sandbox)
          ? ReconcileOutcome.after(TERMINATING_POLL)
          : ReconcileOutcome.DONE;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not remove namespace {} yet ({}); the sweep will", sandbox.namespace(), reason(e));
      return ReconcileOutcome.DONE;
    }
  }

  /** Asks for the namespace's deletion if it exists; whether it still exists afterwards. */
  private boolean namespaceRemains(Sandbox sandbox) {
    Optional<Namespace> namespace = kube.namespace(sandbox.namespace());
    if (namespace.isEmpty()) {
      return false;
    }
    if (namespace.get().getMetadata().getDeletionTimestamp() == null) {
      kube.deleteNamespace(sandbox.namespace());
    }
    return kube.namespace(sandbox.namespace()).isPresent();
  }

  static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "Kubernetes API answered " + e.getCode() + ": " + e.getStatus().getMessage();
    }
    return e.getCode() > 0
        ? "Kubernetes API answered " + e.getCode()
        : String.valueOf(e.getMessage());
  }
}

package bzh.estran.sandbox;

import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.Template;
import bzh.estran.catalog.core.TemplateRenderer;
import bzh.estran.catalog.core.TemplateVariables;
import bzh.estran.kube.ClusterWatch;
import bzh.estran.kube.KubeGateway;
import bzh.estran.kube.core.LoaderStatus;
import bzh.estran.kube.core.ObjectComparison;
import bzh.estran.kube.core.RepairBackoff;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
  private final ReconcilerRows rows;
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

  /** Objects whose writes did not stick, left alone for a while (this replica's). */
  private final RepairBackoff backoff = RepairBackoff.standard();

  /**
   * Sandboxes being provisioned whose template objects this replica has written: the passes that
   * follow (a data-lab's polls of its loaders, a retry after a failed write) do not write them
   * again, since no watch follows them. Another replica taking a sandbox over writes them once more
   * (an apply of the same content). Forgotten once the sandbox leaves {@code PROVISIONING}.
   */
  private final Set<UUID> seeded = ConcurrentHashMap.newKeySet();

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
    this.rows = new ReconcilerRows(jdbi);
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
    SandboxDao dao = jdbi.onDemand(SandboxDao.class);
    Instant now = clock.instant();
    Optional<Sandbox> claimed =
        rows.claim(
            id, settings.instanceId(), now, now.plus(LEASE), settings.replicaTimeoutSeconds());
    if (claimed.isEmpty()) {
      return ReconcileOutcome.DONE; // unknown, or another replica holds it
    }
    try {
      Sandbox sandbox = claimed.get();
      if (sandbox.state() != SandboxState.PROVISIONING) {
        seeded.remove(id);
      }
      return switch (sandbox.state()) {
        case PROVISIONING -> provision(dao, sandbox);
        case READY -> converge(dao, sandbox);
        case DELETING -> tearDown(dao, sandbox);
        case DELETED, FAILED -> ensureGone(sandbox);
      };
    } catch (KubernetesClientException e) {
      LOG.warn("Kubernetes call for sandbox {} failed: {}", id, reason(e));
      return ReconcileOutcome.after(settings.firstBackoff());
    } finally {
      rows.release(id, settings.instanceId());
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
      applyDesired(sandbox, template.get(), false, !seeded.contains(sandbox.id()));
      seeded.add(sandbox.id());
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
              if (ReconcilerRows.transition(
                      handle, sandbox.id(), SandboxState.PROVISIONING, SandboxState.READY, now)
                  == 0) {
                return false;
              }
              Duration took = Duration.between(sandbox.createdAt(), now);
              ReconcilerRows.addEvent(
                  handle,
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
    seeded.remove(sandbox.id());
    if (!ready) {
      return ReconcileOutcome.AGAIN; // deleted or expired meanwhile: converge to that
    }
    provisioningTime.record(Duration.between(sandbox.createdAt(), now).abs());
    return ReconcileOutcome.DONE;
  }

  /** The template's objects placed in the sandbox ({@link SandboxObjects#seeds}). */
  private List<HasMetadata> seedsOf(Sandbox sandbox, Template template) {
    return SandboxObjects.seeds(sandbox, renderer.render(template, variablesOf(sandbox)));
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
    seeded.remove(sandbox.id());
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

  /** One object written because it was missing or differed, and what the cluster held. */
  private record Written(String kind, String name, Found found) {}

  /** What the cluster held of an object Estran wrote. */
  private enum Found {
    /** Nothing: deleted by someone (or never made, while provisioning). */
    MISSING,
    /** Content changed by someone since Estran wrote it (it carries the digest of now). */
    CHANGED,
    /** Written by Estran for what it wanted before (an extension, a new template version). */
    BEHIND
  }

  /** What one convergence wrote, and until when a stubborn object is left alone. */
  private record Converged(List<Written> written, Optional<Instant> retryAt) {}

  /**
   * Converges the sandbox's objects: each desired object (namespace first) is compared with what
   * the watch's cache holds ({@link ObjectComparison}), and written only when it is missing or
   * differs; then its labelled objects that are no longer desired are deleted. The desired objects
   * are Estran's own ({@link SandboxObjects#kept}) and the dataset preload's, and, with {@code
   * seeds}, the template's objects, which no watch follows and which are written as they are. While
   * provisioning the cache is trusted as it is (a new sandbox's objects are all missing: one write
   * each, no read). Once READY ({@code repair}, never with seeds: they are the user's), what the
   * cache says is missing or different is read once before it is written: the cache may lag behind
   * another replica's write. An object whose writes do not stick is left alone for a while ({@link
   * RepairBackoff}), and said so once.
   */
  private Converged applyDesired(
      Sandbox sandbox, Template template, boolean repair, boolean seeds) {
    List<HasMetadata> desired =
        new ArrayList<>(SandboxObjects.kept(sandbox, settings.egressExcept()));
    desired.addAll(preload.supporting(sandbox, template));
    List<HasMetadata> templateObjects = seedsOf(sandbox, template);
    if (seeds) {
      desired.addAll(templateObjects);
    }
    Instant now = clock.instant();
    List<KubeGateway.Write> writes = new ArrayList<>();
    List<Map<String, Object>> wanted = new ArrayList<>();
    List<Found> found = new ArrayList<>();
    Optional<Instant> retryAt = Optional.empty();
    // never deleted as no longer desired: what is desired, and the template's objects, the user's
    // (earlier versions of Estran labelled them as its own, so the cache may hold those)
    Set<String> names = new HashSet<>();
    for (HasMetadata object : templateObjects) {
      names.add(object.getKind() + "/" + object.getMetadata().getName());
    }
    for (HasMetadata object : desired) {
      names.add(object.getKind() + "/" + object.getMetadata().getName());
      Map<String, Object> tree = digested(object);
      ClusterWatch.Observation seen =
          drifts.observe(
              object.getKind(),
              object.getMetadata().getNamespace(),
              object.getMetadata().getName());
      Map<String, Object> observed = seen.content();
      String version = seen.resourceVersion();
      if (observed != null && ObjectComparison.satisfies(observed, tree)) {
        continue;
      }
      String key = keyOf(object);
      if (repair) {
        Optional<Instant> blocked = backoff.blockedUntil(key, now);
        if (blocked.isPresent()) {
          retryAt = earliest(retryAt, blocked.get());
          continue;
        }
        // the cache may lag behind another replica's write: what it says is read once
        Optional<HasMetadata> live = kube.current(object);
        observed = live.map(kube::tree).orElse(null);
        version = live.map(held -> held.getMetadata().getResourceVersion()).orElse(null);
        if (observed != null && ObjectComparison.satisfies(observed, tree)) {
          continue;
        }
      }
      writes.add(new KubeGateway.Write(object, observed == null ? null : version));
      wanted.add(tree);
      found.add(foundIn(observed, tree));
    }
    List<Written> written = new ArrayList<>();
    if (!writes.isEmpty()) {
      List<HasMetadata> answers = kube.applyAll(writes);
      for (int i = 0; i < writes.size(); i++) {
        HasMetadata object = writes.get(i).object();
        Map<String, Object> tree = wanted.get(i);
        Optional<String> still =
            answers.get(i) == null
                ? Optional.empty()
                : ObjectComparison.difference(kube.tree(answers.get(i)), tree);
        // a new sandbox's objects written as desired are no history worth keeping
        RepairBackoff.Verdict verdict =
            repair || still.isPresent()
                ? backoff.wrote(keyOf(object), tree.hashCode(), still.isEmpty(), now)
                : RepairBackoff.Verdict.OK;
        if (verdict == RepairBackoff.Verdict.BLOCKED_FIRST) {
          LOG.warn(
              "{} {}/{} {}; Estran leaves it alone until {} (and does not say so again)",
              object.getKind(),
              object.getMetadata().getNamespace(),
              object.getMetadata().getName(),
              still
                  .map(d -> "still differs after it was written (" + d + ")")
                  .orElse("keeps being changed back after Estran writes it"),
              backoff.blockedUntil(keyOf(object), now).map(Instant::toString).orElse("later"));
        }
        Optional<Instant> blocked = backoff.blockedUntil(keyOf(object), now);
        if (repair && blocked.isPresent()) {
          retryAt = earliest(retryAt, blocked.get()); // then once more, as the backoff allows
        }
        written.add(new Written(object.getKind(), object.getMetadata().getName(), found.get(i)));
      }
    }
    for (ClusterWatch.Held held : drifts.held(sandbox.id())) {
      if (!held.owned()
          && sandbox.namespace().equals(held.namespace())
          && !names.contains(HasMetadata.getKind(held.type()) + "/" + held.name())) {
        LOG.info(
            "Deleting {} {}/{}: no longer desired",
            HasMetadata.getKind(held.type()),
            held.namespace(),
            held.name());
        kube.delete(held.type(), held.namespace(), held.name());
      }
    }
    return new Converged(written, retryAt);
  }

  /** The object as a tree, with the digest of that tree as an annotation (on both). */
  private Map<String, Object> digested(HasMetadata object) {
    Map<String, Object> tree = kube.tree(object);
    String digest = ObjectComparison.fingerprint(tree, SandboxLabels.DESIRED_DIGEST);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (object.getMetadata().getAnnotations() != null) {
      annotations.putAll(object.getMetadata().getAnnotations());
    }
    annotations.put(SandboxLabels.DESIRED_DIGEST, digest);
    object.getMetadata().setAnnotations(annotations);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) tree.get("metadata");
    meta.put("annotations", annotations);
    return tree;
  }

  private static Found foundIn(Map<String, Object> observed, Map<String, Object> desired) {
    if (observed == null) {
      return Found.MISSING;
    }
    Object meta = observed.get("metadata");
    Object annotations = meta instanceof Map<?, ?> m ? m.get("annotations") : null;
    Object digest = annotations instanceof Map<?, ?> a ? a.get(SandboxLabels.DESIRED_DIGEST) : null;
    @SuppressWarnings("unchecked")
    Map<String, Object> wantedMeta = (Map<String, Object>) desired.get("metadata");
    @SuppressWarnings("unchecked")
    Map<String, String> wantedAnnotations = (Map<String, String>) wantedMeta.get("annotations");
    return wantedAnnotations.get(SandboxLabels.DESIRED_DIGEST).equals(digest)
        ? Found.CHANGED
        : Found.BEHIND;
  }

  private static String keyOf(HasMetadata object) {
    return object.getKind()
        + "/"
        + Objects.requireNonNullElse(object.getMetadata().getNamespace(), "")
        + "/"
        + object.getMetadata().getName();
  }

  private static Optional<Instant> earliest(Optional<Instant> current, Instant candidate) {
    return current.isEmpty() || candidate.isBefore(current.get())
        ? Optional.of(candidate)
        : current;
  }

  /**
   * A READY sandbox: ends it if its namespace is gone (Estran does not recreate a namespace someone
   * deleted), else converges its objects and records what was changed or deleted outside Estran.
   * Whatever woke it (the watch, Estran's own writes included, the sweep, an extension), an object
   * as desired is not written again: the reconcile of an unchanged sandbox makes no request.
   */
  private ReconcileOutcome converge(SandboxDao dao, Sandbox sandbox) {
    ClusterWatch.Observation namespace = drifts.observe("Namespace", null, sandbox.namespace());
    if (namespace.seen() != ClusterWatch.Observation.Seen.PRESENT) {
      // absent from the cache, or unknown to it: one read says whether it is really gone
      Optional<HasMetadata> live = kube.current(SandboxObjects.namespace(sandbox));
      if (live.isEmpty() || live.get().getMetadata().getDeletionTimestamp() != null) {
        return namespaceVanished(sandbox);
      }
    }
    Optional<Template> template = catalog.find(sandbox.template());
    if (template.isEmpty()) {
      LOG.warn(
          "Sandbox {}: template {} is no longer in the catalog; its objects are left as they are",
          sandbox.id(),
          sandbox.template());
      return ReconcileOutcome.DONE;
    }
    Converged converged = applyDesired(sandbox, template.get(), true, false);
    List<Written> drifted =
        converged.written().stream().filter(w -> w.found() != Found.BEHIND).toList();
    if (!drifted.isEmpty()) {
      recordRestored(dao, sandbox, drifted);
    }
    return converged
        .retryAt()
        .map(at -> ReconcileOutcome.after(Duration.between(clock.instant(), at)))
        .orElse(ReconcileOutcome.DONE);
  }

  private static final Set<String> ISOLATION =
      Set.of("ResourceQuota", "LimitRange", "NetworkPolicy");

  /** One event for what was changed or deleted outside Estran and has just been put back. */
  private void recordRestored(SandboxDao dao, Sandbox sandbox, List<Written> foreign) {
    Instant now = clock.instant();
    boolean onlyQuotaEdited =
        foreign.stream()
            .allMatch(d -> d.kind().equals("ResourceQuota") && d.found() == Found.CHANGED);
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
    for (Written d : foreign) {
      what.add(d.kind() + " " + d.name() + (d.found() == Found.MISSING ? " deleted" : " changed"));
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

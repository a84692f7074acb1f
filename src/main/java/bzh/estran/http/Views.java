package bzh.estran.http;

import bzh.estran.catalog.core.Size;
import bzh.estran.catalog.core.Template;
import bzh.estran.sandbox.SandboxService.SandboxDetails;
import bzh.estran.sandbox.core.Durations;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxEvent;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.User;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the contract, built from domain records. */
final class Views {

  private Views() {}

  record SizeView(BigDecimal cpu, BigDecimal memoryGiB, BigDecimal storageGiB) {
    static SizeView of(Size size) {
      return new SizeView(size.cpu(), size.memoryGiB(), size.storageGiB());
    }
  }

  record UserView(UUID id, String email, String name) {
    static UserView of(User user) {
      return new UserView(user.id(), user.email(), user.name());
    }
  }

  record InstitutionView(UUID id, String slug, String name, String kind, Instant createdAt) {
    static InstitutionView of(Institution institution) {
      return new InstitutionView(
          institution.id(),
          institution.slug(),
          institution.name(),
          institution.kind().wire(),
          institution.createdAt());
    }
  }

  record TemplateView(
      String name, String description, SizeView size, String defaultDuration, String maxDuration) {
    static TemplateView of(Template template) {
      return new TemplateView(
          template.name(),
          template.description(),
          SizeView.of(template.size()),
          Durations.format(template.defaultDuration()),
          Durations.format(template.maxDuration()));
    }
  }

  record SandboxView(
      UUID id,
      String name,
      String owner,
      String institution,
      UUID cohort,
      String template,
      List<String> datasets,
      SizeView size,
      String state,
      String namespace,
      Instant createdAt,
      Instant expiresAt,
      Instant readyAt,
      Instant deletedAt,
      String failure) {
    static SandboxView of(Sandbox s) {
      return new SandboxView(
          s.id(),
          s.name(),
          s.ownerEmail(),
          s.institutionSlug(),
          s.cohortId(),
          s.template(),
          s.datasets(),
          SizeView.of(s.size()),
          s.state().name(),
          s.namespace(),
          s.createdAt(),
          s.expiresAt(),
          s.readyAt(),
          s.deletedAt(),
          s.failure());
    }
  }

  /** A sandbox with its events: the same fields as {@link SandboxView}, plus {@code events}. */
  record SandboxDetailsView(@JsonUnwrapped SandboxView sandbox, List<SandboxEvent> events) {
    static SandboxDetailsView of(SandboxDetails details) {
      return new SandboxDetailsView(SandboxView.of(details.sandbox()), details.events());
    }
  }
}

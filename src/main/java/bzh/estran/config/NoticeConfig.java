package bzh.estran.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Expiry warnings and mails to users: the SMTP server (none: mails are off, warnings still become
 * sandbox events), the sender, when to warn, and the address links in mails point to.
 */
public record NoticeConfig(
    Optional<String> smtpHost,
    int smtpPort,
    String smtpTls,
    Optional<String> smtpUser,
    Optional<String> smtpPassword,
    String from,
    List<Duration> expiryWarnings,
    Duration slowProvisioning,
    Duration interval,
    URI publicUrl) {

  public NoticeConfig {
    expiryWarnings = List.copyOf(expiryWarnings);
  }

  /** Whether mails are sent at all. */
  public boolean mailEnabled() {
    return smtpHost.isPresent();
  }

  static NoticeConfig from(EnvReader read) {
    read.oneOf("ESTRAN_LOG_FORMAT", List.of("text", "json")); // Logback reads it; checked here
    String publicUrl =
        read.url("ESTRAN_PUBLIC_URL")
            .orElseGet(() -> "http://localhost:" + read.integer("ESTRAN_HTTP_PORT", 0, 65535));
    String from = read.text("ESTRAN_MAIL_FROM");
    if (!from.contains("@")) {
      throw new ConfigException(
          "ESTRAN_MAIL_FROM must be an address such as Estran <estran@example.org>, got '"
              + from
              + "'.");
    }
    return new NoticeConfig(
        read.optional("ESTRAN_SMTP_HOST"),
        read.integer("ESTRAN_SMTP_PORT", 1, 65535),
        read.oneOf("ESTRAN_SMTP_TLS", List.of("starttls", "smtps", "none")),
        read.optional("ESTRAN_SMTP_USER"),
        read.optional("ESTRAN_SMTP_PASSWORD"),
        from,
        read.durations("ESTRAN_EXPIRY_WARNINGS"),
        read.duration("ESTRAN_MAIL_SLOW_PROVISIONING"),
        read.duration("ESTRAN_NOTICE_INTERVAL"),
        URI.create(publicUrl.endsWith("/") ? publicUrl : publicUrl + "/"));
  }
}

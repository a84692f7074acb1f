package bzh.estran.notify;

import bzh.estran.config.NoticeConfig;
import bzh.estran.notify.core.Mail;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.simplejavamail.MailException;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;

/**
 * Sends over SMTP with Simple Java Mail: host, port, TLS mode, credentials and sender from config.
 */
public final class SmtpMailSender implements MailSender, AutoCloseable {

  private static final int TIMEOUT_MILLIS = 10_000;

  private final Mailer mailer;
  private final InternetAddress from;

  private SmtpMailSender(Mailer mailer, InternetAddress from) {
    this.mailer = mailer;
    this.from = from;
  }

  /** A sender for the configured server, or {@link MailSender#OFF} when none is. */
  public static MailSender of(NoticeConfig config) {
    if (!config.mailEnabled()) {
      return OFF;
    }
    InternetAddress from;
    try {
      from = new InternetAddress(config.from(), true);
    } catch (AddressException e) {
      throw new bzh.estran.config.ConfigException(
          "ESTRAN_MAIL_FROM must be an address such as Estran <estran@example.org>, got '"
              + config.from()
              + "'.");
    }
    TransportStrategy strategy =
        switch (config.smtpTls()) {
          case "smtps" -> TransportStrategy.SMTPS;
          case "none" -> TransportStrategy.SMTP;
          default -> TransportStrategy.SMTP_TLS;
        };
    Mailer mailer =
        MailerBuilder.withSMTPServer(
                config.smtpHost().orElseThrow(),
                config.smtpPort(),
                config.smtpUser().orElse(null),
                config.smtpPassword().orElse(null))
            .withTransportStrategy(strategy)
            .withSessionTimeout(TIMEOUT_MILLIS)
            .buildMailer();
    return new SmtpMailSender(mailer, from);
  }

  @Override
  public void send(String toName, String toAddress, Mail mail, String messageId) {
    Email email =
        EmailBuilder.startingBlank()
            .from(from)
            .to(toName, toAddress)
            .withSubject(mail.subject())
            .withPlainText(mail.text())
            .withHTMLText(mail.html())
            .fixingMessageId(messageId)
            .buildEmail();
    try {
      mailer.sendMail(email).join();
    } catch (MailException | java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new Failure("SMTP: " + cause.getMessage(), e);
    }
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void close() throws Exception {
    mailer.close();
  }
}

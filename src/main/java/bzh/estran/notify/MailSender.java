package bzh.estran.notify;

import bzh.estran.notify.core.Mail;

/** Hands a mail to the SMTP server; throws {@link Failure} when it cannot. */
public interface MailSender {

  /**
   * Sends the mail with a fixed Message-ID (the same at every attempt, so a receiving server or
   * client can drop a copy sent twice by a crash between sending and recording it).
   */
  void send(String toName, String toAddress, Mail mail, String messageId);

  /** Whether mails are sent at all (an SMTP host is configured). */
  boolean enabled();

  /** The SMTP server refused the mail or could not be reached. */
  final class Failure extends RuntimeException {
    public Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** No SMTP server configured: nothing is sent. */
  MailSender OFF =
      new MailSender() {
        @Override
        public void send(String toName, String toAddress, Mail mail, String messageId) {
          throw new IllegalStateException("mail is off");
        }

        @Override
        public boolean enabled() {
          return false;
        }
      };
}

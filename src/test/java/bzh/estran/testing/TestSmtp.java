package bzh.estran.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server (GreenMail) on a fixed loopback port, which a test can take down (an outage)
 * and bring back on the same port. Keeps every mail received across outages.
 */
public final class TestSmtp implements AutoCloseable {

  private final List<Received> kept = new CopyOnWriteArrayList<>();
  private final int port;
  private GreenMail server;

  /** One mail as it arrived: recipient, subject, plain text, HTML, Message-ID. */
  public record Received(String to, String subject, String text, String html, String messageId) {}

  private TestSmtp() {
    GreenMail probe = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    probe.start();
    port = probe.getSmtp().getPort();
    server = probe;
  }

  public static TestSmtp start() {
    return new TestSmtp();
  }

  /** Settings that make Estran send to this server. */
  public Map<String, String> settings() {
    return Map.of(
        "ESTRAN_SMTP_HOST", "127.0.0.1",
        "ESTRAN_SMTP_PORT", Integer.toString(port),
        "ESTRAN_SMTP_TLS", "none",
        "ESTRAN_MAIL_FROM", "Estran <estran@estran.example.org>");
  }

  /** Takes the server down: connections are refused until {@link #bringBack()}. */
  public void takeDown() {
    keep();
    server.stop();
    server = null;
  }

  public void bringBack() {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  /** Every mail received so far. */
  public synchronized List<Received> received() {
    List<Received> all = new ArrayList<>(kept);
    if (server != null) {
      for (MimeMessage message : server.getReceivedMessages()) {
        all.add(read(message));
      }
    }
    return all;
  }

  /** The mails to one address. */
  public List<Received> to(String address) {
    return received().stream().filter(mail -> mail.to().equalsIgnoreCase(address)).toList();
  }

  private synchronized void keep() {
    if (server != null) {
      for (MimeMessage message : server.getReceivedMessages()) {
        kept.add(read(message));
      }
    }
  }

  private static Received read(MimeMessage message) {
    try {
      StringBuilder text = new StringBuilder();
      StringBuilder html = new StringBuilder();
      collect(message, text, html);
      return new Received(
          message.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""),
          message.getSubject(),
          text.toString(),
          html.toString(),
          message.getMessageID());
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(Part part, StringBuilder text, StringBuilder html)
      throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      text.append(part.getContent());
    } else if (part.isMimeType("text/html")) {
      html.append(part.getContent());
    } else if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, text, html);
      }
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}

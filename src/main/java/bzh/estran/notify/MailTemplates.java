package bzh.estran.notify;

import bzh.estran.notify.core.NoticeComposer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/** Loads the mail layouts and message bundles shipped in the jar under {@code mail/}. */
public final class MailTemplates {

  private MailTemplates() {}

  /** A composer with the shipped texts, links to {@code publicUrl}, dates in {@code zone}. */
  public static NoticeComposer composer(URI publicUrl, ZoneId zone) {
    NoticeComposer.Layouts layouts =
        new NoticeComposer.Layouts(read("mail/notice.txt"), read("mail/notice.html"));
    ResourceBundle.Control exact =
        ResourceBundle.Control.getNoFallbackControl(List.of("java.properties"));
    return new NoticeComposer(
        layouts,
        locale ->
            ResourceBundle.getBundle(
                "mail.messages",
                locale.getLanguage().equals("en") ? Locale.ENGLISH : Locale.FRENCH,
                MailTemplates.class.getClassLoader(),
                exact),
        publicUrl,
        zone);
  }

  private static String read(String resource) {
    try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

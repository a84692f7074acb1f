package bzh.estran.notify.core;

import java.net.URI;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Function;

/**
 * Writes a notice as a mail in its recipient's language: the texts come from the {@code
 * mail/messages} bundles, the shape from a plain-text and an HTML layout with {@code {{slots}}}.
 * Warnings carry the link and the command to extend the sandbox, and a command to save its work.
 */
public final class NoticeComposer {

  /** The two layouts, with the slots {@code lang, subject, greeting, body, actions, signature}. */
  public record Layouts(String text, String html) {}

  private final Layouts layouts;
  private final Function<Locale, ResourceBundle> bundles;
  private final URI publicUrl;
  private final ZoneId zone;

  public NoticeComposer(
      Layouts layouts, Function<Locale, ResourceBundle> bundles, URI publicUrl, ZoneId zone) {
    this.layouts = layouts;
    this.bundles = bundles;
    this.publicUrl = publicUrl;
    this.zone = zone;
  }

  /** The mail for this notice. */
  public Mail compose(Notice notice) {
    Locale locale = Locale.forLanguageTag(notice.to().language());
    ResourceBundle texts = bundles.apply(locale);
    Object[] args = arguments(notice, locale);
    String kind = notice.kind().key();
    String subject = format(texts, kind + ".subject", locale, args);
    List<String> body = new ArrayList<>();
    body.add(format(texts, kind + ".body", locale, args));
    List<Action> actions = actions(notice, texts, locale);
    Slots slots =
        new Slots(
            notice.to().language(),
            subject,
            format(texts, "greeting", locale, notice.to().name()),
            body,
            actions,
            texts.getString("signature"));
    return new Mail(subject, slots.fill(layouts.text(), false), slots.fill(layouts.html(), true));
  }

  private Object[] arguments(Notice notice, Locale locale) {
    Duration shown =
        notice.kind() == NoticeKind.READY_AFTER_WAIT
            ? Duration.between(notice.createdAt(), notice.now())
            : Duration.between(notice.now(), notice.expiresAt());
    String expiry =
        DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(zone)
                .format(notice.expiresAt())
            + " ("
            + zone.getId()
            + ")";
    return new Object[] {
      notice.sandboxName(),
      span(shown),
      expiry,
      notice.detail() == null ? "" : notice.detail(),
      notice.namespace()
    };
  }

  private List<Action> actions(Notice notice, ResourceBundle texts, Locale locale) {
    String page = publicUrl.resolve("sandboxes/" + notice.sandboxId()).toString();
    String api = publicUrl.resolve("api/v1/sandboxes/" + notice.sandboxId()).toString();
    List<Action> actions = new ArrayList<>();
    switch (notice.kind()) {
      case EXPIRY_WARNING -> {
        actions.add(Action.link(format(texts, "extend.link", locale), page));
        actions.add(
            Action.command(
                format(texts, "extend.command", locale),
                "curl -X POST -H \"Authorization: Bearer $ESTRAN_TOKEN\""
                    + " -H 'Content-Type: application/json' -d '{\"duration\": \"PT4H\"}' "
                    + api
                    + "/extend"));
        String ns = notice.namespace();
        String name = notice.sandboxName();
        actions.add(
            Action.command(
                format(texts, "save.intro", locale),
                "kubectl --kubeconfig kubeconfig.yaml -n "
                    + ns
                    + " get all,configmaps,persistentvolumeclaims -o yaml > "
                    + name
                    + "-backup.yaml\n"
                    + "kubectl --kubeconfig kubeconfig.yaml -n "
                    + ns
                    + " cp <pod>:/data ./"
                    + name
                    + "-data"));
      }
      case READY_AFTER_WAIT -> actions.add(Action.link(format(texts, "ready.link", locale), page));
      default -> {
        // the sandbox has ended: nothing left to do with it
      }
    }
    return actions;
  }

  private static String format(ResourceBundle texts, String key, Locale locale, Object... args) {
    return new MessageFormat(texts.getString(key), locale).format(args);
  }

  /** A span as people say it, to the nearest minute: {@code 24 h}, {@code 1 h 30 min}. */
  static String span(Duration duration) {
    long minutes = Math.max(0, (duration.getSeconds() + 30) / 60);
    long hours = minutes / 60;
    long rest = minutes % 60;
    if (hours == 0) {
      return rest + " min";
    }
    return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
  }

  /** A link or a command offered to the reader. */
  record Action(String label, String target, boolean isCommand) {
    static Action link(String label, String url) {
      return new Action(label, url, false);
    }

    static Action command(String label, String command) {
      return new Action(label, command, true);
    }
  }

  private record Slots(
      String lang,
      String subject,
      String greeting,
      List<String> body,
      List<Action> actions,
      String signature) {

    String fill(String layout, boolean html) {
      return layout
          .replace("{{lang}}", lang)
          .replace("{{subject}}", text(subject, html))
          .replace("{{greeting}}", text(greeting, html))
          .replace("{{body}}", paragraphs(html))
          .replace("{{actions}}", actions(html))
          .replace("{{signature}}", text(signature, html));
    }

    private String paragraphs(boolean html) {
      StringBuilder out = new StringBuilder();
      for (String paragraph : body) {
        out.append(html ? "<p>" + Html.escape(paragraph) + "</p>\n" : paragraph + "\n\n");
      }
      return out.toString().strip();
    }

    private String actions(boolean html) {
      StringBuilder out = new StringBuilder();
      for (Action action : actions) {
        if (!html) {
          out.append(action.label())
              .append(action.isCommand() ? "\n\n" + indent(action.target()) : " " + action.target())
              .append("\n\n");
        } else if (action.isCommand()) {
          out.append("<p>")
              .append(Html.escape(action.label()))
              .append("</p>\n<pre>")
              .append(Html.escape(action.target()))
              .append("</pre>\n");
        } else {
          out.append("<p>")
              .append(Html.escape(action.label()))
              .append(" <a href=\"")
              .append(Html.escape(action.target()))
              .append("\">")
              .append(Html.escape(action.target()))
              .append("</a></p>\n");
        }
      }
      return out.toString().strip();
    }

    private static String text(String value, boolean html) {
      return html ? Html.escape(value) : value;
    }

    private static String indent(String command) {
      return "    " + command.replace("\n", "\n    ");
    }
  }
}

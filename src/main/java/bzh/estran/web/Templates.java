package bzh.estran.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** The page templates of {@code src/main/jte}, compiled at build time by the jte Maven plugin. */
public final class Templates {

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** The HTML of template {@code name} (e.g. {@code "sandboxes.jte"}) with these parameters. */
  public String render(String name, Map<String, Object> params) {
    StringOutput output = new StringOutput();
    engine.render(name, params, output);
    return output.toString();
  }
}

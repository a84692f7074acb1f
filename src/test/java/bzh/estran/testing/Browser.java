package bzh.estran.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, given by path so
 * that Selenium Manager downloads nothing) with a fresh profile and its own download folder; plus
 * what page tests need: screenshots under {@code target/screenshots/} and an axe-core check.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

  private final ChromeDriver driver;
  private final Path profile;
  private final Path downloads;
  private final String baseUrl;

  private Browser(String baseUrl) {
    this.baseUrl = baseUrl;
    try {
      profile = Files.createTempDirectory("estran-chromium-");
      downloads = Files.createTempDirectory("estran-downloads-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--lang=fr-FR",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false,
            "intl.accept_languages",
            "fr-FR,fr"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  /** A browser for the application at {@code baseUrl}; its Accept-Language asks for French. */
  public static Browser open(String baseUrl) {
    return new Browser(baseUrl);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens a path of the application. */
  public Browser go(String path) {
    driver.get(baseUrl + path);
    return this;
  }

  /**
   * The element matching {@code css}, waiting (up to 10 s) for it to appear: a click that submits a
   * form returns before the next page has always loaded.
   */
  public WebElement find(String css) {
    return new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  /**
   * Clicks the button matching {@code css} that submits a form, and waits (up to 10 s) until the
   * page it was on has been replaced by the server's answer: the click returns before that, and an
   * element found at once may still be the old page's (it then goes stale under the test).
   */
  public void submit(String css) {
    clickThenAwaitNextPage(css, "the answer to the form submitted by " + css);
  }

  /** Clicks the link matching {@code css} and waits (up to 10 s) until its page has loaded. */
  public void follow(String css) {
    clickThenAwaitNextPage(css, "the page of the link " + css);
  }

  /**
   * The old page is marked with a property of its {@code window}, which the next document does not
   * have. Element references are not used for this: while Chrome swaps documents, asking about an
   * element of the old one can fail with an inspector error ("Node with given id does not belong to
   * the document") instead of the stale-element answer that {@code stalenessOf} expects, so the
   * wait also ignores the errors a script run in the middle of the swap can meet.
   */
  private void clickThenAwaitNextPage(String css, String what) {
    driver.executeScript("window.estranPageLeft = true;");
    find(css).click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .withMessage(() -> "waiting for " + what + "; the page is " + driver.getCurrentUrl())
        .until(
            d ->
                Boolean.TRUE.equals(
                    driver.executeScript(
                        "return window.estranPageLeft === undefined"
                            + " && document.readyState === 'complete';")));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Types into the field labelled by {@code <label for=id>}, replacing what was there. */
  public Browser type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
    return this;
  }

  public String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  /**
   * Waits (up to 10 s) until the page's path is {@code expected}: a click that submits a form can
   * return before the browser has left the page, so the path read at once may still be the old one.
   */
  public void awaitPath(String expected) {
    awaitPath(expected::equals, "to be " + expected);
  }

  /** Like {@link #awaitPath}, for a path that starts with {@code prefix}. */
  public void awaitPathStartingWith(String prefix) {
    awaitPath(path -> path.startsWith(prefix), "to start with " + prefix);
  }

  private void awaitPath(java.util.function.Predicate<String> wanted, String what) {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .withMessage(() -> "waiting for the path " + what + "; it is " + path())
        .until(d -> wanted.test(path()));
  }

  public String text(String css) {
    return find(css).getText();
  }

  /** Waits (up to 20 s) until the page shows an element matching {@code css} with this text. */
  public void awaitText(String css, String text) {
    awaitText(css, text, Duration.ofSeconds(20));
  }

  /** Waits up to {@code timeout} (for work done in the background, such as provisioning). */
  public void awaitText(String css, String text, Duration timeout) {
    new WebDriverWait(driver, timeout)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .withMessage(() -> "waiting for '" + text + "' in " + css + " of " + driver.getCurrentUrl())
        .until(
            d ->
                d.findElements(By.cssSelector(css)).stream()
                    .anyMatch(e -> e.getText().contains(text)));
  }

  /** Waits for a downloaded file whose name ends with {@code suffix}; returns its path. */
  public Path awaitDownload(String suffix) {
    return Eventually.await(
        "a download ending in " + suffix,
        Duration.ofSeconds(20),
        () -> {
          try (Stream<Path> files = Files.list(downloads)) {
            return files
                .filter(f -> f.getFileName().toString().endsWith(suffix))
                .findFirst()
                .orElse(null);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        found -> found != null);
  }

  /** Sets the window to a phone's size (390×844) or back to a laptop's (1280×900). */
  public Browser phone(boolean phone) {
    driver.manage().window().setSize(phone ? new Dimension(390, 844) : new Dimension(1280, 900));
    return this;
  }

  /** Saves a screenshot of the whole page as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
      @SuppressWarnings("unchecked")
      Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
      Map<String, Object> clip =
          Map.of(
              "x", 0,
              "y", 0,
              "width", ((Number) size.get("width")).doubleValue(),
              "height", Math.min(((Number) size.get("height")).doubleValue(), 6000),
              "scale", 1);
      Map<String, Object> shot =
          driver.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
      Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page and fails on any serious or critical
   * violation, listing each with the elements concerned.
   */
  public void assertAccessible() {
    JavascriptExecutor js = driver;
    js.executeScript(axeSource());
    Object result =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                + " 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)))"
                + ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
                + " help: String(e), nodes: []}])));");
    JsonNode violations = JsonMapper.builder().build().readTree((String) result);
    List<String> serious = new ArrayList<>();
    for (JsonNode v : violations) {
      String impact = v.path("impact").asString();
      if (impact.equals("serious") || impact.equals("critical")) {
        List<String> targets = new ArrayList<>();
        v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
        serious.add(
            v.path("id").asString()
                + " ("
                + impact
                + "): "
                + v.path("help").asString()
                + " at "
                + targets);
      }
    }
    assertThat(serious)
        .as("serious or critical axe-core violations on " + driver.getCurrentUrl())
        .isEmpty();
    assertProtected();
  }

  /**
   * What the CSP and the CSRF check need of every page: no inline script, style attribute or event
   * handler attribute, and every POST form carrying a non-blank {@code csrf} field.
   */
  public void assertProtected() {
    Object found =
        driver.executeScript(
            "const bad = [];"
                + "document.querySelectorAll('script:not([src])').forEach(s => bad.push('inline"
                + " script'));"
                + "document.querySelectorAll('[style]').forEach(e => bad.push('style attribute on '"
                + " + e.tagName));"
                + "document.querySelectorAll('*').forEach(e => { for (const a of e.attributes) {"
                + " if (a.name.startsWith('on')) bad.push(a.name + ' on ' + e.tagName); } });"
                + "document.querySelectorAll('form').forEach(f => {"
                + " if ((f.getAttribute('method') || 'get').toLowerCase() === 'post') {"
                + " const c = f.querySelector('input[type=hidden][name=csrf]');"
                + " if (!c || !c.value.trim()) bad.push('form without csrf: ' + f.action); } });"
                + "return bad.join('\\n');");
    assertThat((String) found).as("unprotected parts of " + driver.getCurrentUrl()).isEmpty();
  }

  /** Fails when the page is wider than the window (a phone would have to scroll sideways). */
  public void assertFitsWidth() {
    Object overflow =
        driver.executeScript(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(((Number) overflow).longValue())
        .as("pixels beyond the window's width on " + driver.getCurrentUrl())
        .isLessThanOrEqualTo(0);
  }

  /** Presses Tab in the page (as a keyboard user would) and returns the element now focused. */
  public WebElement tab() {
    new org.openqa.selenium.interactions.Actions(driver)
        .sendKeys(org.openqa.selenium.Keys.TAB)
        .perform();
    return driver.switchTo().activeElement();
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getResourceAsStream(AXE)) {
      assertThat(in).as("axe-core webjar on the test class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets cookies (signs out as far as the browser is concerned). */
  public void forgetCookies() {
    driver.manage().deleteAllCookies();
  }

  @Override
  public void close() {
    driver.quit();
    delete(profile);
    delete(downloads);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is no failure
    }
  }
}

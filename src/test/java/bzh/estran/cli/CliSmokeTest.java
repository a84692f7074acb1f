package bzh.estran.cli;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliSmokeTest {
  @Test
  void smoke(@TempDir Path home) {
    try (TestApp app = TestApp.start()) {
      Fixtures fixtures = new Fixtures(app);
      fixtures.institution("ubs");
      Api alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
      CliRunner cli = new CliRunner(home);
      for (String[] args :
          new String[][] {
            {"--help"},
            {"create", "--help"},
            {"login", app.baseUrl(), "--token", alice.token()},
            {"whoami"},
            {"templates"},
            {"datasets"},
            {"list"},
            {"create", "-t", "starter", "--name", "tp-kube", "--wait"},
            {"create", "-t", "starter", "--duration", "99d"},
            {"list"},
            {"show", "tp-kube"},
            {"connect", "tp-kube"},
            {"extend", "tp-kube", "--by", "2h"},
            {"list", "-o", "json"},
            {"delete", "tp-kube", "--wait"},
            {"show", "nope"},
          }) {
        System.out.println("$ estran " + String.join(" ", args));
        System.out.println(cli.run(args));
      }
      System.out.println(cli.locale(java.util.Locale.FRENCH).run("--help"));
      System.out.println(cli.locale(java.util.Locale.FRENCH).run("list"));
    }
  }
}

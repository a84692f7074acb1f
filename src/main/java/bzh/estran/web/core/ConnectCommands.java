package bzh.estran.web.core;

import java.util.List;

/**
 * The exact commands that connect a person to their sandbox with the kubeconfig they downloaded.
 */
public final class ConnectCommands {

  private ConnectCommands() {}

  /** The file name the kubeconfig of a sandbox downloads as. */
  public static String kubeconfigFile(String namespace) {
    return "kubeconfig-" + namespace + ".yaml";
  }

  /** One command to show, with the message key that explains it. */
  public record Command(String explanationKey, String text) {}

  /** The commands, in the order to run them. */
  public static List<Command> forNamespace(String namespace) {
    String file = kubeconfigFile(namespace);
    return List.of(
        new Command("connect.step.export", "export KUBECONFIG=\"$HOME/Downloads/" + file + "\""),
        new Command("connect.step.context", "kubectl config current-context"),
        new Command("connect.step.get", "kubectl get all --namespace " + namespace),
        new Command("connect.step.can", "kubectl auth can-i --list --namespace " + namespace));
  }
}

package bzh.estran.kube.core;

/**
 * One dataset version a sandbox's loader Job downloads: where from, what SHA-256 it must have, and
 * the README to write beside it.
 *
 * @param url the content endpoint of that version on Estran
 */
public record DatasetLoad(
    String name, int version, String sha256, long bytes, String url, String readme) {

  /** The key of its README in the loader ConfigMap, and the stem of its Job's name. */
  public String key() {
    return name + "-v" + version;
  }
}

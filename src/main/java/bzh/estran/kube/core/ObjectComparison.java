package bzh.estran.kube.core;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an object as the cluster holds it already is what Estran wants it to be, so that it need
 * not be written again. Both sides are JSON trees (maps, lists, strings, numbers, booleans), the
 * desired one as Estran would send it, the observed one as the API server answered or a watch saw
 * it. Pure: no cluster, no client.
 *
 * <p>The observed object <em>satisfies</em> the desired one when every field Estran sets is present
 * in it with an equal value. Whatever else it holds is ignored: server-added defaults ({@code
 * protocol: TCP}, a Service's {@code clusterIP}, a Deployment's strategy), {@code status}, every
 * part of {@code metadata} but labels and annotations, and labels, annotations or map keys others
 * added. Maps are compared key by key (only the desired keys), lists element by element (same
 * length, each observed element satisfying the desired one at that place), scalars by value:
 * numbers numerically, and quantities (the values of resource lists such as a quota's {@code hard},
 * a container's {@code limits}) by amount, as the API server rewrites them in its canonical form
 * ({@code 1000m} is {@code 1}, {@code 1Gi} is {@code 1073741824}). A Secret's {@code stringData},
 * which the API server folds into {@code data} (base64), is compared with {@code data}. An empty
 * desired map or list (Fabric8 writes an empty selector as {@code {}}) is satisfied by an absent
 * one.
 *
 * <p>What this cannot see is what others added where Estran sets nothing (a label selector Estran
 * leaves empty, given {@code matchLabels} by hand): a server-side apply would leave those too.
 */
public final class ObjectComparison {

  /** Top-level fields that are never compared: identity and what the cluster reports. */
  private static final Set<String> NOT_COMPARED =
      Set.of("apiVersion", "kind", "metadata", "status");

  /** The parts of {@code metadata} Estran sets besides name and namespace. */
  private static final List<String> METADATA_COMPARED = List.of("labels", "annotations");

  /**
   * Fields whose values are quantities ({@code sizeLimit}), or maps of them (resource lists: a
   * quota's {@code hard}, a container's {@code requests} and {@code limits}, a LimitRange item's
   * bounds, a claim's {@code capacity}).
   */
  private static final Set<String> QUANTITY_FIELDS =
      Set.of(
          "hard",
          "requests",
          "limits",
          "capacity",
          "allocatable",
          "overhead",
          "default",
          "defaultRequest",
          "max",
          "min",
          "maxLimitRequestRatio",
          "sizeLimit");

  private ObjectComparison() {}

  /** Whether {@code observed} holds every field of {@code desired}, equal. */
  public static boolean satisfies(Map<String, ?> observed, Map<String, ?> desired) {
    return difference(observed, desired).isEmpty();
  }

  /**
   * The first field of {@code desired} that {@code observed} lacks or holds with another value, as
   * a path and both values ({@code spec.hard.limits.cpu: wanted 1, found 64}); empty when it
   * satisfies it.
   */
  public static Optional<String> difference(Map<String, ?> observed, Map<String, ?> desired) {
    Map<String, ?> observedMeta = asMap(observed.get("metadata"));
    Map<String, ?> desiredMeta = asMap(desired.get("metadata"));
    if (desiredMeta != null) {
      for (String part : METADATA_COMPARED) {
        Object wanted = desiredMeta.get(part);
        if (wanted != null) {
          Optional<String> differs =
              compare(
                  "metadata." + part,
                  observedMeta == null ? null : observedMeta.get(part),
                  wanted,
                  false);
          if (differs.isPresent()) {
            return differs;
          }
        }
      }
    }
    for (Map.Entry<String, ?> field : desired.entrySet()) {
      String key = field.getKey();
      if (NOT_COMPARED.contains(key) || field.getValue() == null) {
        continue;
      }
      Optional<String> differs =
          key.equals("stringData")
              ? stringData(observed, field.getValue())
              : compare(key, observed.get(key), field.getValue(), QUANTITY_FIELDS.contains(key));
      if (differs.isPresent()) {
        return differs;
      }
    }
    return Optional.empty();
  }

  /**
   * A short, stable digest of what {@link #difference} compares in {@code desired} (key order does
   * not matter), leaving out the annotation {@code leaveOut}: written on each object Estran
   * applies, it tells later whether an object that differs was changed by someone else (it still
   * carries the digest of what is desired now) or is behind what Estran now wants (an older
   * digest).
   */
  public static String fingerprint(Map<String, ?> desired, String leaveOut) {
    java.security.MessageDigest digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
    Map<String, Object> compared = new java.util.TreeMap<>();
    Map<String, ?> meta = asMap(desired.get("metadata"));
    if (meta != null) {
      for (String part : METADATA_COMPARED) {
        Map<String, ?> values = asMap(meta.get(part));
        if (values != null) {
          Map<String, Object> kept = new java.util.TreeMap<>(values);
          kept.remove(leaveOut);
          compared.put("metadata." + part, kept);
        }
      }
    }
    desired.forEach(
        (key, value) -> {
          if (!NOT_COMPARED.contains(key)) {
            compared.put(key, value);
          }
        });
    feed(digest, compared);
    return java.util.HexFormat.of().formatHex(digest.digest(), 0, 8);
  }

  private static void feed(java.security.MessageDigest digest, Object value) {
    if (value instanceof Map<?, ?> map) {
      digest.update((byte) '{');
      new java.util.TreeMap<>(stringKeys(map))
          .forEach(
              (key, item) -> {
                if (item != null) {
                  digest.update(key.getBytes(StandardCharsets.UTF_8));
                  digest.update((byte) ':');
                  feed(digest, item);
                  digest.update((byte) ',');
                }
              });
      digest.update((byte) '}');
    } else if (value instanceof List<?> list) {
      digest.update((byte) '[');
      for (Object item : list) {
        feed(digest, item);
        digest.update((byte) ',');
      }
      digest.update((byte) ']');
    } else {
      digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> keyed = new java.util.HashMap<>();
    map.forEach((key, item) -> keyed.put(String.valueOf(key), item));
    return keyed;
  }

  private static Optional<String> compare(
      String path, Object observed, Object desired, boolean quantities) {
    if (desired instanceof Map<?, ?> wanted) {
      if (observed == null && wanted.isEmpty()) {
        return Optional.empty();
      }
      if (!(observed instanceof Map<?, ?> found)) {
        return differs(path, desired, observed);
      }
      for (Map.Entry<?, ?> entry : wanted.entrySet()) {
        if (entry.getValue() == null) {
          continue;
        }
        String key = String.valueOf(entry.getKey());
        Optional<String> differs =
            compare(
                path + "." + key,
                found.get(entry.getKey()),
                entry.getValue(),
                quantities || QUANTITY_FIELDS.contains(key));
        if (differs.isPresent()) {
          return differs;
        }
      }
      return Optional.empty();
    }
    if (desired instanceof List<?> wanted) {
      if (observed == null && wanted.isEmpty()) {
        return Optional.empty();
      }
      if (!(observed instanceof List<?> found) || found.size() != wanted.size()) {
        return differs(path, desired, observed);
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (wanted.get(i) == null) {
          continue;
        }
        // a list of quantities is not a thing; a resource list's items (LimitRange limits) are maps
        Optional<String> differs =
            compare(path + "[" + i + "]", found.get(i), wanted.get(i), false);
        if (differs.isPresent()) {
          return differs;
        }
      }
      return Optional.empty();
    }
    return sameScalar(observed, desired, quantities)
        ? Optional.empty()
        : differs(path, desired, observed);
  }

  /** {@code stringData} against what the API server made of it: {@code data}, base64. */
  private static Optional<String> stringData(Map<String, ?> observed, Object desired) {
    Map<String, ?> wanted = asMap(desired);
    if (wanted == null) {
      return Optional.empty();
    }
    Map<String, ?> plain = asMap(observed.get("stringData"));
    Map<String, ?> encoded = asMap(observed.get("data"));
    for (Map.Entry<String, ?> entry : wanted.entrySet()) {
      if (entry.getValue() == null) {
        continue;
      }
      String value = String.valueOf(entry.getValue());
      Object asPlain = plain == null ? null : plain.get(entry.getKey());
      Object asEncoded = encoded == null ? null : encoded.get(entry.getKey());
      if (!value.equals(asPlain) && !value.equals(decoded(asEncoded))) {
        // never the values themselves: a Secret's content does not go into a log
        return Optional.of("stringData." + entry.getKey() + ": differs");
      }
    }
    return Optional.empty();
  }

  private static String decoded(Object base64) {
    if (!(base64 instanceof String text)) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static boolean sameScalar(Object observed, Object desired, boolean quantities) {
    if (observed == null) {
      return "".equals(desired); // the API server leaves empty strings out
    }
    if (desired.equals(observed)) {
      return true;
    }
    if (desired instanceof Number wanted && observed instanceof Number found) {
      return decimal(wanted).compareTo(decimal(found)) == 0;
    }
    String wanted = String.valueOf(desired);
    String found = String.valueOf(observed);
    if (wanted.equals(found)) {
      return true; // 8080 and "8080", true and "true"
    }
    return quantities && sameAmount(wanted, found);
  }

  /** Whether two quantities in any notation denote the same amount (unreadable: not the same). */
  static boolean sameAmount(String left, String right) {
    try {
      return Quantity.parse(left)
              .getNumericalAmount()
              .compareTo(Quantity.parse(right).getNumericalAmount())
          == 0;
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  private static BigDecimal decimal(Number number) {
    return number instanceof BigDecimal exact ? exact : new BigDecimal(number.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, ?>) map : null;
  }

  private static Optional<String> differs(String path, Object desired, Object observed) {
    return Optional.of(
        path
            + ": wanted "
            + shortly(desired)
            + ", found "
            + (observed == null ? "nothing" : shortly(observed)));
  }

  private static String shortly(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}

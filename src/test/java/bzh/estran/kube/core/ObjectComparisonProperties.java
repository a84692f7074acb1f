package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random JSON trees: an object satisfies itself, and still does with fields added anywhere (what an
 * API server's defaults do); it no longer does once any one field Estran sets is changed or
 * removed; quantities written in another notation are the same amount; the fingerprint does not
 * depend on key order.
 */
class ObjectComparisonProperties {

  @Property(tries = 300)
  void anObjectSatisfiesItselfAndStillDoesWithFieldsAdded(
      @ForAll("objects") Map<String, Object> desired, @ForAll long seed) {
    assertThat(ObjectComparison.difference(copy(desired), desired)).isEmpty();

    Map<String, Object> defaulted = copy(desired);
    addEverywhere(defaulted, new java.util.Random(seed));

    assertThat(ObjectComparison.difference(defaulted, desired)).isEmpty();
  }

  @Property(tries = 300)
  void changingOrRemovingAnyOneFieldIsSeen(
      @ForAll("objects") Map<String, Object> desired,
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll boolean remove) {
    Map<String, Object> observed = copy(desired);
    List<Leaf> leaves = new ArrayList<>();
    collect(observed, leaves);
    Leaf leaf = leaves.get(pick % leaves.size());
    if (remove && leaf.parent() instanceof Map<?, ?>) {
      leaf.remove();
    } else {
      leaf.set(changed(leaf.get()));
    }

    assertThat(ObjectComparison.difference(observed, desired)).isPresent();
  }

  @Property(tries = 200)
  void millicoresAndBytesAreTheSameAmountAsCoresAndGibibytes(
      @ForAll @IntRange(min = 0, max = 512) int cores,
      @ForAll @IntRange(min = 0, max = 4096) int gibibytes) {
    Map<String, Object> desired =
        Map.of(
            "spec",
            Map.of("hard", Map.of("limits.cpu", cores * 1000 + "m", "memory", gibibytes + "Gi")));
    Map<String, Object> canonical =
        Map.of(
            "spec",
            Map.of(
                "hard",
                Map.of(
                    "limits.cpu",
                    Integer.toString(cores),
                    "memory",
                    BigInteger.valueOf(gibibytes).shiftLeft(30).toString())));
    Map<String, Object> oneMore =
        Map.of(
            "spec",
            Map.of(
                "hard",
                Map.of(
                    "limits.cpu",
                    Integer.toString(cores),
                    "memory",
                    BigInteger.valueOf(gibibytes).shiftLeft(30).add(BigInteger.ONE).toString())));

    assertThat(ObjectComparison.satisfies(canonical, desired)).isTrue();
    assertThat(ObjectComparison.satisfies(oneMore, desired)).isFalse();
  }

  @Property(tries = 200)
  void theFingerprintDoesNotDependOnKeyOrder(@ForAll("objects") Map<String, Object> desired) {
    assertThat(ObjectComparison.fingerprint(reversed(desired), "x"))
        .isEqualTo(ObjectComparison.fingerprint(desired, "x"));
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    Arbitrary<Object> spec = value(3).filter(v -> v instanceof Map<?, ?> m && !m.isEmpty());
    Arbitrary<Map<String, String>> labels =
        Arbitraries.maps(keys(), words()).ofMinSize(1).ofMaxSize(4);
    return net.jqwik.api.Combinators.combine(labels, spec)
        .as(
            (l, s) -> {
              Map<String, Object> object = new LinkedHashMap<>();
              object.put("metadata", new LinkedHashMap<>(Map.of("labels", l)));
              object.put("spec", s);
              return object;
            });
  }

  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar =
        Arbitraries.<Object>oneOf(
            words().map(w -> (Object) w), Arbitraries.integers().map(i -> (Object) i));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> map =
        Arbitraries.maps(keys(), value(depth - 1))
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(m -> (Object) new LinkedHashMap<>(m));
    Arbitrary<Object> list =
        value(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, scalar),
        net.jqwik.api.Tuple.of(3, map),
        net.jqwik.api.Tuple.of(1, list));
  }

  /** Keys from a to y (the added ones start with z, so they never meet). */
  private static Arbitrary<String> keys() {
    return Arbitraries.strings().withCharRange('a', 'y').ofMinLength(1).ofMaxLength(6);
  }

  private static Arbitrary<String> words() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
  }

  /** A value that is not the same whatever the context: no quantity ends with "-x". */
  private static Object changed(Object value) {
    return value instanceof Integer number ? (Object) (number + 1) : value + "-x";
  }

  @SuppressWarnings("unchecked")
  private static void addEverywhere(Object node, java.util.Random random) {
    if (node instanceof Map<?, ?> map) {
      List<Object> children = new ArrayList<>(map.values());
      if (random.nextBoolean()) {
        ((Map<String, Object>) map).put("z-default", random.nextInt(3) == 0 ? "TCP" : 1);
      }
      children.forEach(child -> addEverywhere(child, random));
    } else if (node instanceof List<?> list) {
      list.forEach(child -> addEverywhere(child, random));
    }
  }

  /** One scalar in the tree, with what holds it. */
  private record Leaf(Object parent, Object key) {
    @SuppressWarnings("unchecked")
    Object get() {
      return parent instanceof Map<?, ?> map
          ? map.get(key)
          : ((List<Object>) parent).get((Integer) key);
    }

    @SuppressWarnings("unchecked")
    void set(Object value) {
      if (parent instanceof Map<?, ?> map) {
        ((Map<Object, Object>) map).put(key, value);
      } else {
        ((List<Object>) parent).set((Integer) key, value);
      }
    }

    void remove() {
      ((Map<?, ?>) parent).remove(key);
    }
  }

  private static void collect(Object node, List<Leaf> leaves) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (entry.getValue() instanceof Map<?, ?> || entry.getValue() instanceof List<?>) {
          collect(entry.getValue(), leaves);
        } else {
          leaves.add(new Leaf(map, entry.getKey()));
        }
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        if (item instanceof Map<?, ?> || item instanceof List<?>) {
          collect(item, leaves);
        } else {
          leaves.add(new Leaf(list, i));
        }
      }
    }
  }

  /** A deep, mutable copy. */
  @SuppressWarnings("unchecked")
  private static <T> T copy(T node) {
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> copied = new LinkedHashMap<>();
      map.forEach((key, value) -> copied.put(key, copy(value)));
      return (T) copied;
    }
    if (node instanceof List<?> list) {
      List<Object> copied = new ArrayList<>();
      list.forEach(item -> copied.add(copy(item)));
      return (T) copied;
    }
    return node;
  }

  /** A deep copy with every map's keys in reverse order. */
  @SuppressWarnings("unchecked")
  private static <T> T reversed(T node) {
    if (node instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      java.util.Collections.reverse(entries);
      Map<Object, Object> copied = new LinkedHashMap<>();
      entries.forEach(entry -> copied.put(entry.getKey(), reversed(entry.getValue())));
      return (T) copied;
    }
    if (node instanceof List<?> list) {
      return (T) list.stream().map(ObjectComparisonProperties::reversed).toList();
    }
    return node;
  }
}

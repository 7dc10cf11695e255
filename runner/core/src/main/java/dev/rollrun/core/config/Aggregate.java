package dev.rollrun.core.config;

/**
 * How a condition checked on several nodes becomes one answer for the cluster.
 *
 * <ul>
 *   <li>{@code sum}, {@code max}, {@code min}: of every node's value (numbers); the result is
 *       compared;
 *   <li>{@code count}: how many nodes meet the condition's own comparisons; the count is compared;
 *   <li>{@code all}: every node meets them; {@code any}: at least one does.
 * </ul>
 *
 * A node that cannot answer, or whose value does not exist yet, is never counted as 0: for {@code
 * sum}, {@code max}, {@code min} and {@code all} the cluster is then unhealthy; for {@code any} and
 * {@code count} that node does not count.
 */
public enum Aggregate {
  SUM("sum"),
  MAX("max"),
  MIN("min"),
  ALL("all"),
  ANY("any"),
  COUNT("count");

  private final String key;

  Aggregate(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** Whether the result is a number compared with the aggregate's comparisons. */
  public boolean isNumeric() {
    return this == SUM || this == MAX || this == MIN || this == COUNT;
  }

  /** Whether it needs the nodes' values to be numbers. */
  public boolean needsNumbers() {
    return this == SUM || this == MAX || this == MIN;
  }

  public static java.util.Optional<Aggregate> fromKey(String key) {
    for (Aggregate a : values()) {
      if (a.key.equals(key)) {
        return java.util.Optional.of(a);
      }
    }
    return java.util.Optional.empty();
  }
}

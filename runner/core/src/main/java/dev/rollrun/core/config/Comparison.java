package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.util.List;
import java.util.Locale;

/**
 * One comparison a value must meet, as a playbook writes it: {@code equals: green}, {@code "<=":
 * 5}, {@code in: [green, yellow]}, {@code matches: "^ok"}, {@code exists: true}, {@code empty:
 * false}.
 *
 * @param operand a String, a Number (Long or Double), a Boolean or, for {@code in}, a List of them
 */
public record Comparison(Operator operator, Object operand, SourcePosition position) {

  /** The comparisons there are, by the key a playbook writes. */
  public enum Operator {
    EQUALS("equals", "=="),
    NOT_EQUALS("not-equals", "!="),
    IN("in", "in"),
    LESS("<", "<"),
    AT_MOST("<=", "<="),
    GREATER(">", ">"),
    AT_LEAST(">=", ">="),
    MATCHES("matches", "=~"),
    EXISTS("exists", "exists"),
    EMPTY("empty", "empty");

    private final String key;
    private final String symbol;

    Operator(String key, String symbol) {
      this.key = key;
      this.symbol = symbol;
    }

    public String key() {
      return key;
    }

    /** Whether it orders numbers ({@code <}, {@code <=}, {@code >}, {@code >=}). */
    public boolean isNumeric() {
      return this == LESS || this == AT_MOST || this == GREATER || this == AT_LEAST;
    }

    public static java.util.Optional<Operator> fromKey(String key) {
      for (Operator o : values()) {
        if (o.key.equals(key)) {
          return java.util.Optional.of(o);
        }
      }
      return java.util.Optional.empty();
    }

    /** Every key, in the order above. */
    public static List<String> keys() {
      return java.util.Arrays.stream(values()).map(Operator::key).toList();
    }
  }

  public Comparison {
    if (operand instanceof List<?> list) {
      operand = List.copyOf(list);
    }
  }

  /** e.g. {@code == green}, {@code <= 5}, {@code in [green, yellow]}, {@code exists}. */
  public String describe() {
    return switch (operator) {
      case EXISTS -> Boolean.TRUE.equals(operand) ? "exists" : "does not exist";
      case EMPTY -> Boolean.TRUE.equals(operand) ? "is empty" : "is not empty";
      case MATCHES -> "=~ /" + operand + "/";
      default -> operator.symbol + " " + format(operand);
    };
  }

  /** Numbers without a needless {@code .0}; lists in brackets. */
  public static String format(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    if (value instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f)) {
      return String.valueOf(f.longValue());
    }
    if (value instanceof List<?> list) {
      return "[" + String.join(", ", list.stream().map(Comparison::format).toList()) + "]";
    }
    return String.valueOf(value).toLowerCase(Locale.ROOT).equals("null")
        ? "null"
        : String.valueOf(value);
  }
}

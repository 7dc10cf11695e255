package dev.rollrun.core.health;

import dev.rollrun.core.config.Comparison;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Whether a value meets the comparisons of a condition, and in words why not. */
final class Comparisons {

  /** A JSON field or attribute that does not exist: only {@code exists: false} holds for it. */
  static final Object ABSENT =
      new Object() {
        @Override
        public String toString() {
          return "(absent)";
        }
      };

  private Comparisons() {}

  /** Why {@code value} does not meet every comparison, or empty when it does. */
  static Optional<String> test(List<Comparison> comparisons, Object value) {
    for (Comparison c : comparisons) {
      Optional<String> problem = test(c, value);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  static Optional<String> test(Comparison c, Object value) {
    Object operand = c.operand();
    if (value == ABSENT && c.operator() != Comparison.Operator.EXISTS) {
      return Optional.of("does not exist (want " + c.describe() + ")");
    }
    if (c.operator().isNumeric() && number(value) == null) {
      return Optional.of("value " + quoted(value) + " is not a number (want " + c.describe() + ")");
    }
    boolean holds =
        switch (c.operator()) {
          case EXISTS -> (value != ABSENT) == Boolean.TRUE.equals(operand);
          case EMPTY -> isEmpty(value) == Boolean.TRUE.equals(operand);
          case EQUALS -> same(value, operand);
          case NOT_EQUALS -> !same(value, operand);
          case IN -> operand instanceof List<?> list && list.stream().anyMatch(o -> same(value, o));
          case MATCHES -> Pattern.compile(String.valueOf(operand)).matcher(text(value)).find();
          case LESS, AT_MOST, GREATER, AT_LEAST -> {
            int order = number(value).compareTo(number(operand));
            yield switch (c.operator()) {
              case LESS -> order < 0;
              case AT_MOST -> order <= 0;
              case GREATER -> order > 0;
              default -> order >= 0;
            };
          }
        };
    return holds
        ? Optional.empty()
        : Optional.of("is " + quoted(value) + " (want " + c.describe() + ")");
  }

  /** Numbers compare as numbers (0 equals 0.0 and "0"), everything else as text. */
  static boolean same(Object value, Object operand) {
    BigDecimal a = number(value);
    BigDecimal b = number(operand);
    if (a != null && b != null) {
      return a.compareTo(b) == 0;
    }
    if (value == null || operand == null) {
      return value == operand;
    }
    return text(value).equals(text(operand));
  }

  /** The value as a number, or null when it is not one (a numeric text counts). */
  static BigDecimal number(Object value) {
    if (value instanceof Number n) {
      if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
        return null;
      }
      if (n instanceof Float f && (f.isNaN() || f.isInfinite())) {
        return null;
      }
      return new BigDecimal(n.toString());
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean isEmpty(Object value) {
    return value == null
        || value == ABSENT
        || value instanceof String s && s.isEmpty()
        || value instanceof Collection<?> c && c.isEmpty()
        || value instanceof Map<?, ?> m && m.isEmpty();
  }

  static String text(Object value) {
    return Comparison.format(value);
  }

  /** A value as messages show it: text in quotes, numbers and the rest as they are; bounded. */
  static String quoted(Object value) {
    String text = value instanceof String s ? "\"" + s + "\"" : text(value);
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}

package dev.rollrun.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code args:} of a task step (or the {@code settings:} of a behaviour), templates rendered,
 * already checked against the schema the task declared. Values are what YAML gives: strings,
 * numbers, booleans, lists and mappings.
 *
 * <pre>{@code
 * String version = args.string("package-version");          // required: fails when missing
 * String name = args.string("package", "kafka");            // with a default
 * int retries = args.integer("retries", 3);
 * Duration wait = args.duration("wait", Duration.ofSeconds(5));   // "500ms", "10s", "5m", "1h"
 * }</pre>
 */
public final class TaskArgs {

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Map<String, Object> values;

  public TaskArgs(Map<String, ?> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** No arguments. */
  public static TaskArgs none() {
    return new TaskArgs(Map.of());
  }

  /** Every argument, as YAML gave it. */
  public Map<String, Object> asMap() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name) && values.get(name) != null;
  }

  /**
   * @throws IllegalArgumentException when the argument is missing
   */
  public String string(String name) {
    return String.valueOf(required(name));
  }

  public String string(String name, String otherwise) {
    return has(name) ? String.valueOf(values.get(name)) : otherwise;
  }

  public int integer(String name, int otherwise) {
    return has(name) ? integerOf(name, values.get(name)) : otherwise;
  }

  public int integer(String name) {
    return integerOf(name, required(name));
  }

  public boolean flag(String name, boolean otherwise) {
    if (!has(name)) {
      return otherwise;
    }
    Object value = values.get(name);
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(
        "argument " + name + ": \"" + value + "\" is not true or false");
  }

  /** A duration written as rollrun durations are: {@code 500ms}, {@code 10s}, {@code 1h30m}. */
  public Duration duration(String name, Duration otherwise) {
    if (!has(name)) {
      return otherwise;
    }
    String text = String.valueOf(values.get(name)).strip();
    Matcher part = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.lookingAt()) {
      long n = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = part.end();
      part.region(end, text.length());
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException(
          "argument " + name + ": \"" + text + "\" is not a duration such as 10s or 5m");
    }
    return total;
  }

  /** A list of strings; a single value is a list of one. */
  public List<String> list(String name) {
    if (!has(name)) {
      return List.of();
    }
    Object value = values.get(name);
    List<String> list = new ArrayList<>();
    if (value instanceof List<?> items) {
      items.forEach(i -> list.add(String.valueOf(i)));
    } else {
      list.add(String.valueOf(value));
    }
    return List.copyOf(list);
  }

  private Object required(String name) {
    if (!has(name)) {
      throw new IllegalArgumentException("missing argument " + name);
    }
    return values.get(name);
  }

  private static int integerOf(String name, Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "argument " + name + ": \"" + value + "\" is not a whole number", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskArgs other && other.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}

package dev.rollrun.core.text;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: a number and a unit ({@code ms}, {@code s}, {@code m}, {@code
 * h}, {@code d}), parts combinable ({@code 1h30m}, {@code 1h 30m}). A bare number is refused: "10"
 * could mean seconds or milliseconds, and guessing wrong in a timeout is how outages happen.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d)\\s*)+");
  private static final Pattern IN_WORDS =
      Pattern.compile(
          "(\\d+)\\s*(milliseconds?|millis|msecs?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Duration MAX = Duration.ofDays(30);

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static Duration parse(String text) {
    String t = text.strip();
    if (t.matches("\\d+")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has no unit; write e.g. " + t + "s or " + t + "ms");
    }
    if (t.startsWith("-")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is negative; a duration is a length of time such as 30s");
    }
    Matcher words = IN_WORDS.matcher(t);
    if (words.matches()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a duration; write "
              + words.group(1)
              + unitOf(words.group(2))
              + " (units: ms, s, m, h, d)");
    }
    if (!WHOLE.matcher(t).matches()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a duration; write a number and a unit (ms, s, m, h, d), e.g."
              + " 30s, 5m, 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(t);
    while (part.find()) {
      long amount;
      try {
        amount = Long.parseLong(part.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
      }
      if (amount > MAX.toMillis()) {
        throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
      }
      Duration d =
          switch (part.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      total = total.plus(d);
      if (total.compareTo(MAX) > 0) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is longer than " + format(MAX) + ", the longest rollrun accepts");
      }
    }
    return total;
  }

  private static String unitOf(String word) {
    String w = word.toLowerCase(java.util.Locale.ROOT);
    if (w.startsWith("mil") || w.startsWith("ms")) {
      return "ms";
    }
    return w.startsWith("mi") ? "m" : w.substring(0, 1);
  }

  /** The shortest text {@link #parse} reads back to the same duration, e.g. {@code 1h30m}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    long ms = duration.toMillis();
    StringBuilder out = new StringBuilder();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        out.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return out.toString();
  }
}

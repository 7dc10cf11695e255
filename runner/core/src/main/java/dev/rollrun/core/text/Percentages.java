package dev.rollrun.core.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Percentages as operators write them: {@code "25%"}, {@code "12.5%"}; more than 0, at most 100.
 */
public final class Percentages {

  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

  private Percentages() {}

  public static boolean looksLikePercentage(String text) {
    return text.strip().endsWith("%");
  }

  /**
   * @return the share, e.g. 25.0 for {@code "25%"}
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static double parse(String text) {
    Matcher m = PERCENT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a percentage; write e.g. \"25%\"");
    }
    double value = Double.parseDouble(m.group(1));
    if (value <= 0 || value > 100) {
      throw new IllegalArgumentException("\"" + text + "\" must be more than 0% and at most 100%");
    }
    return value;
  }
}

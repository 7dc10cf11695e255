package dev.rollrun.core.config;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks the regular expressions health conditions match output with. */
public final class RegularExpressions {

  private RegularExpressions() {}

  /** Why {@code pattern} is not a valid Java regular expression, or empty when it is. */
  public static Optional<String> check(String pattern) {
    try {
      Pattern.compile(pattern);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          "output is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }
}

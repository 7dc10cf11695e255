package dev.rollrun.core.text;

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
      String why = e.getDescription();
      return Optional.of(
          "output \""
              + pattern
              + "\" is not a valid regular expression: "
              + Character.toLowerCase(why.charAt(0))
              + why.substring(1)
              + where(pattern, e.getIndex())
              + "; to match ( ) [ ] { } . * + ? | ^ $ or \\ as text, put a \\ before it");
    }
  }

  private static String where(String pattern, int index) {
    if (index < 0) {
      return "";
    }
    return index >= pattern.length() ? " at its end" : " at character " + (index + 1);
  }
}

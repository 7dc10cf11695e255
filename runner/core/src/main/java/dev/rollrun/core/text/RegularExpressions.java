package dev.rollrun.core.text;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks the regular expressions health conditions match output with. */
public final class RegularExpressions {

  private RegularExpressions() {}

  /**
   * The longest pattern taken: health outputs are matched against short patterns, and compiling a
   * long literal costs time growing with the square of its length (a pasted megabyte took minutes).
   */
  public static final int MAX_LENGTH = 1_000;

  /** Why {@code pattern} is not a valid Java regular expression, or empty when it is. */
  public static Optional<String> check(String pattern) {
    if (pattern.length() > MAX_LENGTH) {
      return Optional.of(
          String.format(
              "output is a regular expression of %,d characters; rollrun takes at most %,d (is it"
                  + " pasted output?)",
              pattern.length(), MAX_LENGTH));
    }
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

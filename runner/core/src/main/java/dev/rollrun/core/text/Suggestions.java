package dev.rollrun.core.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the name an operator probably meant when they wrote one that does not exist, so that a
 * message can end in {@code (did you mean "serial"?)}.
 *
 * <p>A candidate is close when its edit distance to the wrong name, ignoring case, is at most
 * {@code max(2, wrong.length() / 3)}, except that a candidate needing every one of its characters
 * changed is never suggested: for short names ({@code db} and {@code mq}) that is a different word,
 * not a typo. Among equally close candidates the one whose case also matches best wins, then the
 * alphabetically first ignoring case, so the same input always gives the same suggestion.
 *
 * <p>When nothing is that close, a candidate of at least four characters that the wrong name starts
 * with is suggested, the longest first: {@code exitcode} and {@code exit_code} mean {@code exit},
 * {@code uppercase} means {@code upper}.
 */
public final class Suggestions {

  private Suggestions() {}

  /** The candidate closest to {@code wrong}, if any is close enough; never {@code wrong} itself. */
  public static Optional<String> closest(String wrong, Collection<String> candidates) {
    Optional<String> typo = closestByEdits(wrong, candidates);
    if (typo.isPresent()) {
      return typo;
    }
    String folded = wrong.toLowerCase(Locale.ROOT);
    return candidates.stream()
        .filter(candidate -> candidate.length() >= 4 && candidate.length() < wrong.length())
        .filter(candidate -> folded.startsWith(candidate.toLowerCase(Locale.ROOT)))
        .max(
            Comparator.comparingInt(String::length)
                .thenComparing(Comparator.<String>naturalOrder().reversed()));
  }

  private static Optional<String> closestByEdits(String wrong, Collection<String> candidates) {
    String folded = wrong.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, wrong.length() / 3);
    return candidates.stream()
        .filter(candidate -> !candidate.equals(wrong))
        // At least the difference in length is edited: a far longer or shorter name cannot be
        // close, and its distance would cost length x length to compute.
        .filter(candidate -> Math.abs(candidate.length() - wrong.length()) <= limit)
        .map(
            candidate ->
                new Scored(
                    candidate,
                    distance(folded, candidate.toLowerCase(Locale.ROOT)),
                    distance(wrong, candidate)))
        .filter(s -> s.folded() <= limit)
        .filter(s -> s.folded() < Math.max(wrong.length(), s.candidate().length()))
        .min(
            Comparator.comparingInt(Scored::folded)
                .thenComparingInt(Scored::exact)
                .thenComparing(Scored::candidate, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(Scored::candidate))
        .map(Scored::candidate);
  }

  /** {@code (did you mean "x"?)} with a leading space, or an empty string when nothing is close. */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    return closest(wrong, candidates).map(c -> " (did you mean \"" + c + "\"?)").orElse("");
  }

  private record Scored(String candidate, int folded, int exact) {}

  /**
   * Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbouring
   * characters as one edit (optimal string alignment): {@code wbe} is one edit from {@code web},
   * the most common typo of all, and two from {@code db}.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

package dev.rollrun.core.ssh;

import java.util.Locale;

/**
 * OpenSSH's patterns ({@code match.c}), which ssh_config's {@code Host} and {@code Match} use:
 * {@code *} matches any characters, {@code ?} exactly one, everything else itself.
 *
 * <ul>
 *   <li>{@code Host} takes each whitespace-separated word as one pattern, compared with case (a
 *       comma is an ordinary character there);
 *   <li>{@code Match host} and {@code originalhost} take comma-separated lists compared without
 *       case; {@code Match user} and {@code localuser} lists are compared with case; a {@code !}
 *       before a list element makes a match of that element reject the whole list.
 * </ul>
 *
 * (MINA's {@code HostPatternsHolder} reads {@code [host]:port} patterns and rejects characters
 * OpenSSH accepts, so it cannot stand in for these.)
 */
final class SshPatterns {

  private SshPatterns() {}

  /** {@code match_pattern}: the whole of {@code s} against one pattern. */
  static boolean matches(String s, String pattern) {
    // Greedy, going back to the last '*' on a mismatch: linear in practice, never exponential.
    int si = 0;
    int pi = 0;
    int star = -1;
    int starFrom = 0;
    while (si < s.length()) {
      if (pi < pattern.length() && pattern.charAt(pi) == '*') {
        star = pi++;
        starFrom = si;
      } else if (pi < pattern.length()
          && (pattern.charAt(pi) == '?' || pattern.charAt(pi) == s.charAt(si))) {
        pi++;
        si++;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++starFrom;
      } else {
        return false;
      }
    }
    while (pi < pattern.length() && pattern.charAt(pi) == '*') {
      pi++;
    }
    return pi == pattern.length();
  }

  /**
   * {@code match_pattern_list}: 1 when an element matches, -1 when a negated element matches
   * (whatever else does), 0 when none does.
   *
   * @param lowerCasePatterns compare with the patterns in lower case (host names)
   */
  static int matchList(String s, String list, boolean lowerCasePatterns) {
    boolean positive = false;
    int i = 0;
    while (i < list.length()) {
      boolean negated = list.charAt(i) == '!';
      if (negated) {
        i++;
      }
      int comma = list.indexOf(',', i);
      int end = comma < 0 ? list.length() : comma;
      String sub = list.substring(i, end);
      // OpenSSH gives up on an element of 1023 characters or more: no match.
      if (sub.length() >= 1023) {
        return 0;
      }
      if (lowerCasePatterns) {
        sub = sub.toLowerCase(Locale.ROOT);
      }
      if (matches(s, sub)) {
        if (negated) {
          return -1;
        }
        positive = true;
      }
      i = comma < 0 ? list.length() : comma + 1;
    }
    return positive ? 1 : 0;
  }

  /** {@code match_hostname}: a host name against a list, neither compared with case. */
  static boolean hostMatches(String host, String list) {
    return matchList(host.toLowerCase(Locale.ROOT), list, true) == 1;
  }
}

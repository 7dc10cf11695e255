package dev.rollrun.core.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * A host as Ansible inventories name it: a host name with optional ranges and an optional port.
 *
 * <ul>
 *   <li>{@code web[01:03].example.com} is {@code web01}, {@code web02}, {@code web03}: a start with
 *       a leading zero pads every number to its width, and then the end must have the same width.
 *   <li>{@code db-[a:c]} is {@code db-a}, {@code db-b}, {@code db-c}; letters run {@code a..z} then
 *       {@code A..Z}, as in Ansible.
 *   <li>{@code [start:end:step]} takes every step-th value; an empty start is 0. Several ranges in
 *       one name multiply out, leftmost slowest.
 *   <li>{@code name:port} sets the SSH port; a name with more than one colon outside brackets (an
 *       IPv6 address) has no port.
 * </ul>
 *
 * <p>Unlike Ansible, a range whose start is after its end is an error rather than zero hosts: an
 * inventory line that silently names nobody is a host left out of a roll.
 */
final class AnsibleHostPattern {

  /** More hosts than this from one pattern is a typo ({@code [1:100000]}), not a fleet. */
  static final int MAX_HOSTS = 10_000;

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private AnsibleHostPattern() {}

  /**
   * @param names the host names, in Ansible's order
   * @param port the port after the colon, or 0 when the pattern has none
   */
  record Expansion(List<String> names, int port) {
    Expansion {
      names = List.copyOf(names);
    }
  }

  /** A pattern that names no host; the message quotes the pattern. */
  static final class InvalidHostPatternException extends RuntimeException {
    InvalidHostPatternException(String message) {
      super(message);
    }
  }

  static Expansion expand(String pattern) {
    String names = pattern;
    int port = 0;
    int colon = portSeparator(pattern);
    if (colon >= 0) {
      names = pattern.substring(0, colon);
      port = port(pattern, pattern.substring(colon + 1));
    }
    if (names.isEmpty()) {
      throw new InvalidHostPatternException("no host name in \"" + pattern + "\"");
    }
    List<String> out = new ArrayList<>();
    expandRanges(pattern, names, out);
    return new Expansion(out, port);
  }

  /** The index of the one colon outside brackets, or -1 when there is none or several (IPv6). */
  private static int portSeparator(String pattern) {
    int found = -1;
    int depth = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == ':' && depth == 0) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  private static int port(String pattern, String text) {
    if (text.matches("[0-9]{1,5}")) {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    }
    throw new InvalidHostPatternException(
        "port \"" + text + "\" in \"" + pattern + "\" is not a port number (1 to 65535)");
  }

  private static void expandRanges(String pattern, String name, List<String> out) {
    int open = name.indexOf('[');
    if (open < 0) {
      if (out.size() == MAX_HOSTS) {
        throw bad(pattern, "it names more than " + MAX_HOSTS + " hosts");
      }
      out.add(name);
      return;
    }
    int close = name.indexOf(']', open);
    if (close < 0) {
      throw bad(pattern, "a \"[\" without its \"]\"");
    }
    String head = name.substring(0, open);
    String tail = name.substring(close + 1);
    String[] bounds = name.substring(open + 1, close).split(":", -1);
    if (bounds.length != 2 && bounds.length != 3) {
      throw bad(pattern, "a range is [start:end] or [start:end:step]");
    }
    String start = bounds[0].isEmpty() ? "0" : bounds[0];
    String end = bounds[1];
    if (end.isEmpty()) {
      throw bad(pattern, "the range has no end");
    }
    int step = bounds.length == 3 ? step(pattern, bounds[2]) : 1;
    for (String value : values(pattern, start, end, step)) {
      expandRanges(pattern, head + value + tail, out);
    }
  }

  private static int step(String pattern, String text) {
    if (text.matches("[0-9]{1,5}") && Integer.parseInt(text) > 0) {
      return Integer.parseInt(text);
    }
    throw bad(pattern, "the step \"" + text + "\" is not a positive whole number");
  }

  private static List<String> values(String pattern, String start, String end, int step) {
    List<String> values = new ArrayList<>();
    if (isLetter(start) && isLetter(end)) {
      int from = LETTERS.indexOf(start);
      int to = LETTERS.indexOf(end);
      if (from > to) {
        throw bad(pattern, "the start \"" + start + "\" comes after the end \"" + end + "\"");
      }
      for (int i = from; i <= to; i += step) {
        values.add(String.valueOf(LETTERS.charAt(i)));
      }
      return values;
    }
    if (!start.matches("[0-9]+") || !end.matches("[0-9]+")) {
      throw bad(
          pattern,
          "\"" + start + "\" and \"" + end + "\" must both be numbers or both be single letters");
    }
    // A leading zero asks for fixed-width names (web01 .. web10), as in Ansible.
    boolean padded = start.length() > 1 && start.charAt(0) == '0';
    if (padded && start.length() != end.length()) {
      throw bad(
          pattern,
          "the zero-padded start \""
              + start
              + "\" and the end \""
              + end
              + "\" must have the same width");
    }
    if (start.length() > 9 || end.length() > 9) {
      throw bad(pattern, "it names more than " + MAX_HOSTS + " hosts");
    }
    int from = Integer.parseInt(start);
    int to = Integer.parseInt(end);
    if (from > to) {
      throw bad(pattern, "the start " + start + " is after the end " + end);
    }
    if ((to - from) / step >= MAX_HOSTS) {
      throw bad(pattern, "it names more than " + MAX_HOSTS + " hosts");
    }
    for (int i = from; i <= to; i += step) {
      String digits = Integer.toString(i);
      values.add(padded ? "0".repeat(start.length() - digits.length()) + digits : digits);
    }
    return values;
  }

  private static boolean isLetter(String s) {
    return s.length() == 1 && LETTERS.indexOf(s.charAt(0)) >= 0;
  }

  private static InvalidHostPatternException bad(String pattern, String why) {
    return new InvalidHostPatternException("bad host range in \"" + pattern + "\": " + why);
  }
}

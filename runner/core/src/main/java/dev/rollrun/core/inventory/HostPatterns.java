package dev.rollrun.core.inventory;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.text.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Ansible's host patterns, as {@code --limit} takes them ({@code InventoryManager} of
 * ansible-core):
 *
 * <ul>
 *   <li>{@code web,db} or {@code web:db}: either (a colon separates unless the whole pattern is a
 *       host with a port or an IPv6 address); {@code web:&prod}: in both; {@code web:!web2}: in
 *       {@code web} but not {@code web2}. Unions come first, then intersections ({@code &}), then
 *       exclusions ({@code !}), whatever the order written; only {@code &} and {@code !} terms
 *       start from {@code all}, so {@code !db1} is every host but {@code db1}.
 *   <li>A term is a host or group name, {@code all}, {@code ungrouped}, a shell-style wildcard
 *       ({@code web*}, {@code db?}, {@code [ab]*}) matched against group names, and against host
 *       names too when no group matched or the term has a wildcard, or {@code ~regex} (Python's
 *       {@code re.match}: anchored at the start only).
 *   <li>{@code web[0]}, {@code web[-1]}, {@code web[1:3]}, {@code web[2:]} pick by position from
 *       the hosts a term matches, the end included.
 * </ul>
 *
 * <p>Unlike Ansible, which warns and goes on, a term that matches nothing is refused: a misspelt
 * {@code !db9} would otherwise exclude nothing.
 */
public final class HostPatterns {

  private static final Pattern SUBSCRIPT =
      Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]$");
  private static final Pattern HOST_WITH_PORT =
      Pattern.compile("^[A-Za-z0-9_.\\-\\[\\]]+:[0-9]+$|^\\[[0-9A-Fa-f:.]+\\](?::[0-9]+)?$");

  private HostPatterns() {}

  /**
   * The hosts of {@code inventory} the patterns select, in inventory order.
   *
   * @param patterns {@code --limit} items, each a pattern or a colon-separated list of them
   * @throws UsageException for a term that matches nothing or a subscript past the end
   */
  public static List<Host> select(Inventory inventory, List<String> patterns) {
    List<String> regular = new ArrayList<>();
    List<String> intersect = new ArrayList<>();
    List<String> exclude = new ArrayList<>();
    for (String item : patterns) {
      for (String term : split(item)) {
        if (term.startsWith("!")) {
          exclude.add(term);
        } else if (term.startsWith("&")) {
          intersect.add(term);
        } else {
          regular.add(term);
        }
      }
    }
    if (regular.isEmpty()) {
      regular.add(Inventory.ALL);
    }
    List<String> problems = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    Set<String> hosts = new LinkedHashSet<>();
    for (String term : regular) {
      hosts.addAll(match(inventory, term, term, problems, unknown));
    }
    for (String term : intersect) {
      hosts.retainAll(Set.copyOf(match(inventory, term.substring(1), term, problems, unknown)));
    }
    for (String term : exclude) {
      match(inventory, term.substring(1), term, problems, unknown).forEach(hosts::remove);
    }
    if (unknown.size() == 1) {
      problems.add(
          0,
          "no host or role named \""
              + unknown.get(0)
              + "\" in "
              + inventory.source()
              + hint(unknown.get(0), inventory));
    } else if (!unknown.isEmpty()) {
      problems.add(
          0,
          "no host or role named "
              + unknown.stream()
                  .map(term -> "\"" + term + "\"" + hint(term, inventory))
                  .collect(Collectors.joining(", "))
              + " in "
              + inventory.source());
    }
    if (!problems.isEmpty()) {
      throw new UsageException("--limit: " + String.join("; ", problems));
    }
    return inventory.hosts().stream().filter(h -> hosts.contains(h.name())).toList();
  }

  /** Ansible's {@code split_host_pattern} for one comma-free item. */
  static List<String> split(String item) {
    String pattern = item.strip();
    if (pattern.contains(",")) {
      return List.of(pattern.split(",")).stream()
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    }
    if (HOST_WITH_PORT.matcher(pattern).matches() || isIpv6(pattern)) {
      return List.of(pattern);
    }
    return terms(pattern);
  }

  /**
   * The terms of an item Ansible splits at whitespace and colons: runs of other characters, a
   * {@code [subscript]} kept whole; a bracket without its partner separates. Scanned rather than
   * matched with a regular expression, whose loop would recurse once per character and overflow the
   * stack on a long pattern.
   */
  private static List<String> terms(String pattern) {
    List<String> terms = new ArrayList<>();
    int start = -1;
    boolean closingLater = true;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '[' && closingLater) {
        int close = pattern.indexOf(']', i + 1);
        if (close >= 0) {
          start = start < 0 ? i : start;
          i = close + 1;
          continue;
        }
        closingLater = false;
      }
      if (" \t\n\013\f\r:[]".indexOf(c) >= 0) {
        if (start >= 0) {
          terms.add(pattern.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i++;
    }
    if (start >= 0) {
      terms.add(pattern.substring(start));
    }
    return terms;
  }

  /** Hex digits and at least two colons ({@code ::1}, {@code fe80::1}): an IPv6 address. */
  private static boolean isIpv6(String pattern) {
    int colons = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == ':') {
        colons++;
      } else if (Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return colons >= 2;
  }

  /** The host names one term (without its & or !) matches, or a problem noted. */
  private static List<String> match(
      Inventory inventory,
      String term,
      String written,
      List<String> problems,
      List<String> unknown) {
    if (term.isEmpty()) {
      problems.add(
          "\""
              + written
              + "\" names nothing after "
              + written.charAt(0)
              + " in "
              + inventory.source());
      return List.of();
    }
    if (inventory.host(term).isPresent()) {
      return List.of(term);
    }
    String expression = term;
    Integer start = null;
    Integer end = null;
    if (!term.startsWith("~")) {
      Matcher subscript = SUBSCRIPT.matcher(term);
      if (subscript.matches()) {
        expression = subscript.group(1);
        if (subscript.group(2) != null) {
          start = Integer.parseInt(subscript.group(2));
        } else {
          start = Integer.parseInt(subscript.group(3));
          end = subscript.group(5).isEmpty() ? -1 : Integer.parseInt(subscript.group(5));
        }
      }
    }
    Pattern compiled;
    try {
      compiled =
          expression.startsWith("~")
              ? Pattern.compile(expression.substring(1))
              : Pattern.compile(wildcard(expression));
    } catch (PatternSyntaxException e) {
      problems.add("\"" + written + "\" is not a valid regular expression: " + e.getDescription());
      return List.of();
    }
    LinkedHashSet<String> found = new LinkedHashSet<>();
    boolean groupMatched = false;
    try {
      for (Map.Entry<String, List<String>> group : inventory.groups().entrySet()) {
        if (matches(compiled, expression, group.getKey())) {
          groupMatched = true;
          found.addAll(group.getValue());
        }
      }
      if (!groupMatched || expression.startsWith("~") || expression.matches(".*[.?*\\[].*")) {
        for (Host host : inventory.hosts()) {
          if (matches(compiled, expression, host.name())) {
            found.add(host.name());
          }
        }
      }
    } catch (MatchTooLong e) {
      problems.add(
          "\""
              + written
              + "\" takes too long to match \""
              + e.name
              + "\" (over "
              + MATCH_STEPS
              + " steps of the regular expression): write a simpler pattern");
      return List.of();
    }
    if (found.isEmpty() && !groupMatched) {
      unknown.add(written);
      return List.of();
    }
    List<String> hosts = List.copyOf(found);
    if (start == null) {
      return hosts;
    }
    int from = start < 0 ? hosts.size() + start : start;
    if (from < 0 || from >= hosts.size()) {
      problems.add(
          "\""
              + written
              + "\": "
              + expression
              + " has "
              + hosts.size()
              + " host(s), so there is no ["
              + start
              + "]");
      return List.of();
    }
    if (end == null || end == 0) {
      return List.of(hosts.get(from));
    }
    int to = end == -1 ? hosts.size() - 1 : Math.min(end, hosts.size() - 1);
    return from > to ? List.of() : hosts.subList(from, to + 1);
  }

  /**
   * How many characters a pattern may look at to match one name: a regular expression that
   * backtracks without end ({@code ~(.*a){20}b}) is refused, never left to hang the command.
   */
  static final int MATCH_STEPS = 1_000_000;

  private static boolean matches(Pattern compiled, String expression, String name) {
    Matcher m = compiled.matcher(new Budgeted(name, new int[] {MATCH_STEPS}));
    return expression.startsWith("~") ? m.lookingAt() : m.matches();
  }

  /** A name that counts the characters the matcher reads, and ends the match past its budget. */
  private record Budgeted(String name, int[] left) implements CharSequence {
    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new MatchTooLong(name);
      }
      return name.charAt(index);
    }

    @Override
    public int length() {
      return name.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(name.substring(start, end), left);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A pattern used up its {@link #MATCH_STEPS} on one name. */
  private static final class MatchTooLong extends RuntimeException {
    final String name;

    MatchTooLong(String name) {
      super(null, null, false, false);
      this.name = name;
    }
  }

  /** Python's {@code fnmatch.translate}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}. */
  static String wildcard(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        int j = i + 1;
        if (j < pattern.length() && pattern.charAt(j) == '!') {
          j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ']') {
          j++;
        }
        while (j < pattern.length() && pattern.charAt(j) != ']') {
          j++;
        }
        if (j >= pattern.length()) {
          regex.append("\\[");
        } else {
          String set = pattern.substring(i + 1, j).replace("\\", "\\\\");
          i = j;
          if (set.startsWith("!")) {
            set = "^" + set.substring(1);
          } else if (set.startsWith("^")) {
            set = "\\" + set;
          }
          regex.append('[').append(set).append(']');
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }

  /** A did-you-mean that keeps the term's & or ! ({@code !db9}: did you mean {@code !db1}?). */
  private static String hint(String written, Inventory inventory) {
    String prefix =
        written.startsWith("!") || written.startsWith("&") ? written.substring(0, 1) : "";
    String bare = written.substring(prefix.length());
    Set<String> names = new TreeSet<>(inventory.groups().keySet());
    inventory.hosts().forEach(h -> names.add(h.name()));
    String close =
        Suggestions.closest(bare, names)
            .map(n -> " (did you mean \"" + prefix + n + "\"?)")
            .orElse("");
    if (!close.isEmpty()) {
      return close;
    }
    Set<String> roles = inventory.roles();
    return roles.isEmpty() || roles.size() > 12 ? "" : " (roles: " + String.join(", ", roles) + ")";
  }
}

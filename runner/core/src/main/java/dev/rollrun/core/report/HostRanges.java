package dev.rollrun.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists of names written short for plans: three or more names in a row that differ only by a number
 * counting up by one ({@code h1, h2, ..., h200}, {@code web-01 ... web-12}, {@code 10.0.0.1 ...
 * 10.0.0.9}) become {@code h1 … h200}; every other name stays as it is, in order.
 */
final class HostRanges {

  /** Between the first and the last name of a range. */
  static final String ELLIPSIS = " … ";

  /** The last run of digits of a name, with what comes before and after it. */
  private static final Pattern NUMBERED = Pattern.compile("^(.*?)(\\d+)(\\D*)$");

  private HostRanges() {}

  /** The names as items, ranges collapsed: {@code [h1 … h200]}, {@code [web-1, api-1]}. */
  static List<String> items(List<String> names) {
    List<String> items = new ArrayList<>();
    int i = 0;
    while (i < names.size()) {
      int j = i;
      while (j + 1 < names.size() && follows(names.get(j), names.get(j + 1))) {
        j++;
      }
      if (j - i >= 2) {
        items.add(names.get(i) + ELLIPSIS + names.get(j));
      } else {
        for (int k = i; k <= j; k++) {
          items.add(names.get(k));
        }
      }
      i = j + 1;
    }
    return List.copyOf(items);
  }

  /** The names written short, comma-separated. */
  static String write(List<String> names) {
    return String.join(", ", items(names));
  }

  /**
   * The names written short, at most {@code maxItems} items: past that, the first ones and how many
   * names are left out ({@code a, b, c and 197 more}).
   */
  static String write(List<String> names, int maxItems) {
    List<String> items = items(names);
    if (items.size() <= maxItems) {
      return String.join(", ", items);
    }
    List<String> shown = items.subList(0, maxItems - 1);
    int covered = 0;
    for (String item : shown) {
      covered += count(item, names);
    }
    return String.join(", ", shown) + " and " + (names.size() - covered) + " more";
  }

  /** How many of {@code names} one item stands for. */
  private static int count(String item, List<String> names) {
    int at = item.indexOf(ELLIPSIS);
    if (at < 0) {
      return 1;
    }
    String first = item.substring(0, at);
    String last = item.substring(at + ELLIPSIS.length());
    int from = names.indexOf(first);
    int to = names.indexOf(last);
    return from < 0 || to < from ? 1 : to - from + 1;
  }

  /**
   * Numbers written as ranges, {@code 1-4, 7, 9-12}: for batch numbers, which count up one by one.
   */
  static String numbers(List<Integer> numbers) {
    List<String> items = new ArrayList<>();
    int i = 0;
    while (i < numbers.size()) {
      int j = i;
      while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
        j++;
      }
      items.add(j == i ? numbers.get(i).toString() : numbers.get(i) + "-" + numbers.get(j));
      i = j + 1;
    }
    return String.join(", ", items);
  }

  /** Whether {@code next} is {@code name} with its last number one higher, written alike. */
  static boolean follows(String name, String next) {
    Matcher a = NUMBERED.matcher(name);
    Matcher b = NUMBERED.matcher(next);
    if (!a.matches()
        || !b.matches()
        || !a.group(1).equals(b.group(1))
        || !a.group(3).equals(b.group(3))
        || a.group(2).length() > 18
        || b.group(2).length() > 18) {
      return false;
    }
    String digits = a.group(2);
    String wanted = Long.toString(Long.parseLong(digits) + 1);
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      // Zero-padded: the next one keeps the width (web-09, web-10).
      if (wanted.length() > digits.length()) {
        return false;
      }
      wanted = "0".repeat(digits.length() - wanted.length()) + wanted;
    }
    return b.group(2).equals(wanted);
  }
}

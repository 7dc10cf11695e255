package dev.rollrun.core.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IP addresses written as host names, read as the C library reads them ({@code inet_aton}, {@code
 * inet_pton}) and written back as {@code getnameinfo(NI_NUMERICHOST)} writes them, as ssh does
 * before connecting: {@code 127.1} is {@code 127.0.0.1}, {@code 010.0.0.1} is octal ({@code
 * 8.0.0.1}), {@code 0x7f.1} hexadecimal, {@code 0:0::1} is {@code ::1}. (Java reads {@code
 * 010.0.0.1} as {@code 10.0.0.1}: another machine.)
 */
final class IpLiterals {

  private IpLiterals() {}

  /** OpenSSH's {@code is_addr_fast}: looks like an address, whether or not it is one. */
  static boolean looksNumeric(String name) {
    return name.indexOf('%') >= 0
        || name.indexOf(':') >= 0
        || name.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
  }

  /** The canonical form of an IP address, or {@code null} when {@code name} is not one. */
  static String canonical(String name) {
    if (name.indexOf(':') >= 0) {
      int percent = name.indexOf('%');
      String scope = percent < 0 ? "" : name.substring(percent);
      int[] words = ipv6(percent < 0 ? name : name.substring(0, percent));
      return words == null ? null : format6(words) + scope;
    }
    long v4 = ipv4(name);
    return v4 < 0 ? null : dotted(v4);
  }

  /** {@code inet_aton}: 1 to 4 parts, each decimal, octal (leading 0) or hexadecimal (0x). */
  static long ipv4(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length > 4) {
      return -1;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = number(parts[i]);
      if (values[i] < 0) {
        return -1;
      }
    }
    long result = 0;
    int n = parts.length;
    for (int i = 0; i < n - 1; i++) {
      if (values[i] > 255) {
        return -1;
      }
      result |= values[i] << (24 - 8 * i);
    }
    long last = values[n - 1];
    long max = (1L << (8 * (5 - n))) - 1;
    if (last > max) {
      return -1;
    }
    return result | last;
  }

  private static long number(String part) {
    if (part.isEmpty()) {
      return -1;
    }
    int radix = 10;
    String digits = part;
    if (part.length() > 1 && (part.startsWith("0x") || part.startsWith("0X"))) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return -1;
      }
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.length() > 11) {
      return -1;
    }
    try {
      long v = Long.parseLong(digits, radix);
      return v > 0xFFFFFFFFL || digits.startsWith("+") || digits.startsWith("-") ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String dotted(long v) {
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }

  /** {@code inet_pton(AF_INET6)}: eight 16-bit words, or {@code null}. */
  static int[] ipv6(String s) {
    int[] words = new int[8];
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    List<String> head = groups(dc < 0 ? s : s.substring(0, dc));
    List<String> tail = dc < 0 ? List.of() : groups(s.substring(dc + 2));
    if (head == null || tail == null) {
      return null;
    }
    List<Integer> h = words(head, tail.isEmpty() && dc < 0);
    List<Integer> t = words(tail, true);
    if (h == null || t == null) {
      return null;
    }
    if (dc < 0 ? h.size() != 8 : h.size() + t.size() > 7) {
      return null;
    }
    for (int i = 0; i < h.size(); i++) {
      words[i] = h.get(i);
    }
    for (int i = 0; i < t.size(); i++) {
      words[8 - t.size() + i] = t.get(i);
    }
    return words;
  }

  private static List<String> groups(String s) {
    if (s.isEmpty()) {
      return List.of();
    }
    List<String> g = List.of(s.split(":", -1));
    return g.contains("") ? null : g;
  }

  /** The 16-bit words of groups; the last group may be a dotted IPv4 address (two words). */
  private static List<Integer> words(List<String> groups, boolean mayEndInIpv4) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      String g = groups.get(i);
      if (g.indexOf('.') >= 0) {
        if (!mayEndInIpv4 || i != groups.size() - 1 || !strictDotted(g)) {
          return null;
        }
        long v = ipv4(g);
        out.add((int) (v >> 16));
        out.add((int) (v & 0xFFFF));
        continue;
      }
      if (g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return null;
      }
      out.add(Integer.parseInt(g, 16));
    }
    return out;
  }

  /** {@code inet_pton(AF_INET)}: exactly four decimal parts, no leading zeros. */
  private static boolean strictDotted(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || (p.length() > 1 && p.startsWith("0"))
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** {@code inet_ntop(AF_INET6)} as glibc writes it. */
  static String format6(int[] words) {
    int bestBase = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestBase = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          s.append(':');
        }
        continue;
      }
      if (i != 0) {
        s.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
        s.append(words[6] >> 8).append('.').append(words[6] & 255).append('.');
        s.append(words[7] >> 8).append('.').append(words[7] & 255);
        break;
      }
      s.append(Integer.toHexString(words[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      s.append(':');
    }
    return s.toString().toLowerCase(Locale.ROOT);
  }
}

package dev.rollrun.core.ssh;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One jump host of a {@code ProxyJump} list, as OpenSSH reads it ({@code parse_jump}): {@code
 * [user@]host[:port]} ({@code [::1]:22} for IPv6) or {@code ssh://[user@]host[:port]}.
 *
 * @param user the user written before {@code @}, or {@code null}
 * @param host the host, an ssh_config alias or an address
 * @param port the port written after {@code :}, or -1
 */
record JumpSpec(String user, String host, int port) {

  /**
   * The jump hosts of a {@code ProxyJump} value, in the order they are crossed; empty for {@code
   * none}. A comment after {@code #} is dropped.
   *
   * @throws IllegalArgumentException when an element cannot be read
   */
  static List<JumpSpec> parseList(String value) {
    if (value.equalsIgnoreCase("none")) {
      return List.of();
    }
    String s = value;
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    s = s.stripTrailing();
    List<JumpSpec> hops = new ArrayList<>();
    for (String element : s.split(",", -1)) {
      hops.add(parse(element));
    }
    return List.copyOf(hops);
  }

  /** One element: {@code [user@]host[:port]} or an {@code ssh://} URI. */
  static JumpSpec parse(String element) {
    if (element.startsWith("ssh://")) {
      return parseUri(element.substring("ssh://".length()), element);
    }
    String rest = element;
    String user = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      if (user.isEmpty()) {
        throw bad(element);
      }
      rest = rest.substring(at + 1);
    }
    String[] hostPort = hostAndPort(rest, element, ":/");
    int port = -1;
    if (hostPort[1] != null && !hostPort[1].isEmpty()) {
      port = TcpServices.port(hostPort[1]);
      if (port <= 0) {
        throw bad(element);
      }
    }
    return new JumpSpec(user, hostPort[0], port);
  }

  private static JumpSpec parseUri(String rest, String element) {
    String user = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String info = rest.substring(0, at);
      int semicolon = info.indexOf(';');
      if (semicolon >= 0) {
        info = info.substring(0, semicolon);
      }
      if (info.isEmpty()) {
        throw bad(element);
      }
      user = URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8);
      rest = rest.substring(at + 1);
    }
    String[] hostPort = hostAndPort(rest, element, ":/");
    if (!validDomain(hostPort[0])) {
      throw bad(element);
    }
    int port = -1;
    String tail = hostPort[1];
    if (tail != null && !tail.isEmpty() && hostPort[2].equals(":")) {
      int slash = tail.indexOf('/');
      String p = slash < 0 ? tail : tail.substring(0, slash);
      port = TcpServices.port(p);
      if (port <= 0) {
        throw bad(element);
      }
      tail = slash < 0 ? null : tail.substring(slash + 1);
    }
    if (tail != null && !tail.isEmpty()) {
      throw bad(element); // a path: not allowed in an ssh:// URI
    }
    return new JumpSpec(user, hostPort[0], port);
  }

  /** {@code hpdelim2}: the host (brackets removed), what follows the delimiter, the delimiter. */
  private static String[] hostAndPort(String s, String element, String delimiters) {
    int end;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw bad(element);
      }
      end = close + 1;
      if (end < s.length() && delimiters.indexOf(s.charAt(end)) < 0) {
        throw bad(element);
      }
    } else {
      end = s.length();
      for (int i = 0; i < s.length(); i++) {
        if (delimiters.indexOf(s.charAt(i)) >= 0) {
          end = i;
          break;
        }
      }
    }
    String host = s.substring(0, end);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw bad(element);
    }
    if (end == s.length()) {
      return new String[] {host, null, ""};
    }
    return new String[] {host, s.substring(end + 1), String.valueOf(s.charAt(end))};
  }

  /** OpenSSH's {@code valid_domain} without its "makelower". */
  private static boolean validDomain(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.startsWith("-")) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_'
              || c == ':';
      if (!ok) {
        return false;
      }
      if (c == '.' && i > 0 && lower.charAt(i - 1) == '.') {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException bad(String element) {
    return new IllegalArgumentException("cannot read the jump host \"" + element + "\"");
  }

  /** As written in a message: {@code user@host:port}. */
  String shown() {
    return (user == null ? "" : user + "@") + host + (port > 0 ? ":" + port : "");
  }
}

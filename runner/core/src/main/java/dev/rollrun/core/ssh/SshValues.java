package dev.rollrun.core.ssh;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks OpenSSH makes on a directive's arguments whatever host it is read for: a missing or
 * extra argument, a flag that is not yes or no, a port that is neither a number nor a service name,
 * {@code none} beside other files. A directive that fails them makes ssh refuse the whole
 * configuration, and so does rollrun.
 */
final class SshValues {

  private static final Pattern TIME = Pattern.compile("([0-9]+[sSmMhHdDwW]?)+");
  private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");

  /** Keywords whose {@code none} must be their only argument. */
  private static final List<String> NONE_ALONE =
      List.of(
          "userknownhostsfile",
          "globalknownhostsfile",
          "revokedhostkeys",
          "canonicaldomains",
          "canonicalizepermittedcnames",
          "channeltimeout",
          "logverbose");

  private SshValues() {}

  /**
   * @throws SshConfigError when OpenSSH would refuse the line
   */
  static void check(SshKeywords.Keyword keyword, SshConfigLine line) {
    List<String> args = line.args();
    String name = keyword.name();
    switch (keyword.shape()) {
      case ONE, FLAG, CHOICE, PORT, INT, TIME -> {
        if (args.isEmpty() || args.get(0).isEmpty()) {
          throw new SshConfigError(line, name + ": missing argument");
        }
        if (args.size() > 1) {
          throw new SshConfigError(line, name + ": extra arguments at end of line");
        }
      }
      case SOME -> {
        if (args.isEmpty()) {
          throw new SshConfigError(line, name + ": missing argument");
        }
      }
      case COMMAND -> {
        // the rest of the line, which is never empty
      }
    }
    String value = args.isEmpty() ? "" : args.get(0);
    switch (keyword.shape()) {
      case FLAG, CHOICE -> {
        if (!keyword.choices().contains(value.toLowerCase(Locale.ROOT))) {
          throw new SshConfigError(line, name + ": unsupported option \"" + value + "\"");
        }
      }
      case PORT -> {
        if (TcpServices.port(value) <= 0) {
          throw new SshConfigError(line, "bad port '" + value + "'");
        }
      }
      case INT -> {
        if (!INT.matcher(value).matches()) {
          throw new SshConfigError(line, name + ": integer value \"" + value + "\" is invalid");
        }
      }
      case TIME -> {
        if (!(value.equals("none") && name.equals("ConnectTimeout"))
            && !TIME.matcher(value).matches()) {
          throw new SshConfigError(line, name + ": invalid time value \"" + value + "\"");
        }
      }
      default -> {
        // checked below, per keyword
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (NONE_ALONE.contains(lower)) {
      for (String arg : args) {
        if (arg.isEmpty()) {
          throw new SshConfigError(line, name + ": empty argument");
        }
        if (arg.equalsIgnoreCase("none") && args.size() > 1) {
          throw new SshConfigError(line, name + ": \"none\" must appear alone");
        }
      }
    }
    if (lower.equals("host")) {
      for (String arg : args) {
        if (arg.isEmpty()) {
          throw new SshConfigError(line, "Host: empty argument");
        }
      }
    }
    if (lower.equals("proxyjump")) {
      try {
        JumpSpec.parseList(proxyValue(line));
      } catch (IllegalArgumentException e) {
        throw new SshConfigError(line, "invalid ProxyJump \"" + proxyValue(line) + "\"");
      }
    }
  }

  /**
   * The value of {@code ProxyCommand}, {@code ProxyJump} and the other commands: the rest of the
   * line after any further spaces and {@code =} signs, as written.
   */
  static String proxyValue(SshConfigLine line) {
    String rest = line.rest();
    int i = 0;
    while (i < rest.length() && " \t\r\n=".indexOf(rest.charAt(i)) >= 0) {
      i++;
    }
    return rest.substring(i);
  }
}

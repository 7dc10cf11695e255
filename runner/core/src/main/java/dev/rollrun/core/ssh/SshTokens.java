package dev.rollrun.core.ssh;

import java.util.Map;

/**
 * ssh_config's runtime tokens ({@code %h}, {@code %p}, ...), environment variables ({@code
 * ${NAME}}) and {@code ~}, expanded as OpenSSH expands them ({@code percent_expand}, {@code
 * dollar_expand}, {@code tilde_expand_filename}): a token a keyword does not accept, a {@code %} at
 * the end, an unset or unterminated variable are errors, as they are in OpenSSH, never left as
 * written.
 *
 * <p>{@code %C} and {@code %j} are refused: their meaning changed between OpenSSH releases still in
 * use (9.x hashes {@code %C} without the jump host, 10.x with it; 9.x has no {@code %j}), so
 * rollrun could not tell which file the operator's own ssh would pick.
 */
final class SshTokens {

  /** What {@code HostName} accepts. */
  static final String HOSTNAME = "h";

  /** What {@code ProxyCommand} accepts. */
  static final String PROXY_COMMAND = "hknpr";

  /** What {@code IdentityFile}, {@code UserKnownHostsFile} and {@code IdentityAgent} accept. */
  static final String PATHS = "dhiklLnpru";

  private SshTokens() {}

  /** A token or variable that cannot be expanded. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    Problem(String message) {
      super(message);
    }
  }

  /**
   * @param accepted the token letters the keyword accepts ({@code %%} always is)
   * @param values the value of every accepted token
   * @param environment for {@code ${NAME}}; {@code null} when the keyword takes none
   */
  static String expand(
      String value, String accepted, Map<Character, String> values, Map<String, String> environment)
      throws Problem {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (environment != null && c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
        int close = value.indexOf('}', i + 2);
        if (close < 0) {
          throw new Problem("environment variable \"" + value.substring(i) + "\" has no closing }");
        }
        String name = value.substring(i + 2, close);
        if (name.isEmpty()) {
          throw new Problem("empty environment variable name ${}");
        }
        String v = environment.get(name);
        if (v == null) {
          throw new Problem("environment variable ${" + name + "} is not set");
        }
        out.append(v);
        i = close;
        continue;
      }
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 == value.length()) {
        throw new Problem("\"%\" at the end of \"" + value + "\" (write %% for a percent sign)");
      }
      char token = value.charAt(++i);
      if (token == '%') {
        out.append('%');
      } else if (accepted.indexOf(token) >= 0) {
        out.append(values.get(token));
      } else if ((token == 'C' || token == 'j') && accepted.equals(PATHS)) {
        throw new Problem(
            "%"
                + token
                + " means different things in different OpenSSH releases; rollrun cannot tell"
                + " which your ssh would use");
      } else {
        throw new Problem(
            "unknown token %" + token + " (this setting accepts " + listed(accepted) + ")");
      }
    }
    return out.toString();
  }

  /**
   * {@code ~} and {@code ~/...} are the local user's home; {@code ~user/...} only when it names the
   * local user.
   */
  static String tilde(String path, LocalAccount local) throws Problem {
    if (!path.startsWith("~")) {
      return path;
    }
    int slash = path.indexOf('/');
    String user = slash < 0 ? path.substring(1) : path.substring(1, slash);
    if (!user.isEmpty() && !user.equals(local.user())) {
      throw new Problem(
          "\"" + path + "\": rollrun expands ~ only to your own home, not to " + user + "'s");
    }
    String home = local.home().toString();
    if (slash < 0) {
      return home;
    }
    String rest = path.substring(slash + 1);
    return home.endsWith("/") ? home + rest : home + "/" + rest;
  }

  private static String listed(String accepted) {
    StringBuilder s = new StringBuilder("%%");
    for (char t : accepted.toCharArray()) {
      s.append(", %").append(t);
    }
    return s.toString();
  }
}

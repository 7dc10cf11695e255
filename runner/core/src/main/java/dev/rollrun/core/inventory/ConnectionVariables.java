package dev.rollrun.core.inventory;

import dev.rollrun.core.inventory.AnsibleInventoryBuilder.Value;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's connection variables that rollrun does not turn into an address, port, user or
 * identity: each is honoured, refused or warned about, naming the host and the variable, never
 * dropped without a word.
 *
 * <ul>
 *   <li>{@code ansible_connection}: {@code ssh}, {@code smart} and {@code paramiko} reach the host
 *       over SSH as rollrun does; any other ({@code local}, {@code docker}, {@code winrm}) is
 *       refused.
 *   <li>Passwords ({@code ansible_password}, {@code ansible_ssh_pass}, {@code ansible_become_pass},
 *       ...) are refused: rollrun logs in with keys only and runs {@code sudo -n}.
 *   <li>{@code ansible_become}: warned about, since rollrun runs a step with sudo only when it says
 *       {@code sudo: true}; {@code ansible_become_user} other than root and {@code
 *       ansible_become_method} other than sudo are refused.
 *   <li>{@code ansible_ssh_common_args}, {@code ansible_ssh_extra_args}, {@code ansible_ssh_args}:
 *       {@code -o ProxyCommand=...} is handed to the SSH layer as the host variable {@value
 *       #PROXY_COMMAND}; options that change nothing about where and as whom rollrun connects
 *       (connection sharing, compression, keep-alives) are warned about; anything else is refused.
 *   <li>{@code ansible_host_key_checking=false} is warned about: rollrun always checks host keys.
 * </ul>
 *
 * Variables about how Ansible runs its modules ({@code ansible_python_interpreter}, {@code
 * ansible_pipelining}, {@code ansible_shell_type}, ...) do not concern rollrun and are left alone.
 */
final class ConnectionVariables {

  /** The host variable carrying a ProxyCommand from {@code ansible_ssh_common_args}. */
  static final String PROXY_COMMAND = AnsibleConnectionSettings.PROXY_COMMAND;

  private static final Set<String> SSH_CONNECTIONS =
      Set.of(
          "ssh",
          "smart",
          "paramiko",
          "paramiko_ssh",
          "ansible.builtin.ssh",
          "ansible.builtin.paramiko_ssh",
          "ansible.legacy.ssh");
  private static final List<String> PASSWORDS =
      List.of(
          "ansible_password",
          "ansible_ssh_pass",
          "ansible_ssh_password",
          "ansible_become_password",
          "ansible_become_pass",
          "ansible_sudo_pass",
          "ansible_sudo_password");
  private static final List<String> SSH_ARGS =
      List.of("ansible_ssh_args", "ansible_ssh_common_args", "ansible_ssh_extra_args");

  /** ssh options that change nothing about which machine and user rollrun reaches. */
  private static final Set<String> HARMLESS_OPTIONS =
      Set.of(
          "controlmaster",
          "controlpersist",
          "controlpath",
          "compression",
          "serveraliveinterval",
          "serveralivecountmax",
          "connecttimeout",
          "connectionattempts",
          "loglevel",
          "batchmode",
          "tcpkeepalive");

  private static final Set<String> HARMLESS_FLAGS = Set.of("-C", "-q", "-v", "-vv", "-vvv", "-T");

  /**
   * Problems and warnings of one inventory, each said once for every host it concerns (a variable
   * set for a group of 500 hosts is one line).
   */
  static final class Findings {
    private record Key(SourcePosition position, String message) {}

    private final Map<Key, List<String>> problems = new LinkedHashMap<>();
    private final Map<Key, List<String>> warnings = new LinkedHashMap<>();

    void refuse(SourcePosition at, String host, String message) {
      problems.computeIfAbsent(new Key(at, message), k -> new ArrayList<>()).add(host);
    }

    void warn(SourcePosition at, String host, String message) {
      warnings.computeIfAbsent(new Key(at, message), k -> new ArrayList<>()).add(host);
    }

    List<ConfigProblem> problems() {
      return said(problems);
    }

    List<ConfigProblem> warnings() {
      return said(warnings);
    }

    private static List<ConfigProblem> said(Map<Key, List<String>> found) {
      List<ConfigProblem> said = new ArrayList<>();
      found.forEach(
          (key, hosts) ->
              said.add(new ConfigProblem(key.position(), hostWords(hosts) + ": " + key.message())));
      return said;
    }

    private static String hostWords(List<String> hosts) {
      if (hosts.size() == 1) {
        return "host \"" + hosts.get(0) + "\"";
      }
      if (hosts.size() <= 3) {
        return "hosts \"" + String.join("\", \"", hosts) + "\"";
      }
      return "hosts \""
          + String.join("\", \"", hosts.subList(0, 3))
          + "\" and "
          + (hosts.size() - 3)
          + " more";
    }
  }

  private ConnectionVariables() {}

  /**
   * Checks one host's variables; returns the ProxyCommand its ssh arguments give, if any.
   *
   * @param vars the host's variables after Ansible's precedence
   */
  static Optional<String> check(String host, Map<String, Value> vars, Findings findings) {
    Value connection = vars.get("ansible_connection");
    if (connection != null && connection.value() != null) {
      String kind = String.valueOf(connection.value()).strip();
      if (!SSH_CONNECTIONS.contains(kind)) {
        findings.refuse(
            connection.position(),
            host,
            "ansible_connection="
                + kind
                + " is not supported: rollrun reaches every host over SSH (remove the variable,"
                + " or leave the host out of the inventory)");
      }
    }
    for (String name : PASSWORDS) {
      Value password = vars.get(name);
      if (password != null && password.value() != null) {
        findings.refuse(
            password.position(),
            host,
            name
                + " is not supported: "
                + (name.contains("become") || name.contains("sudo")
                    ? "rollrun runs sudo -n and never sends a password (allow the commands with"
                        + " NOPASSWD in sudoers)"
                    : "rollrun logs in with keys only (an identity file or the ssh-agent)"));
      }
    }
    becomeVariables(host, vars, findings);
    Value checking =
        Optional.ofNullable(vars.get("ansible_ssh_host_key_checking"))
            .orElse(vars.get("ansible_host_key_checking"));
    if (checking != null && isFalse(checking.value())) {
      findings.warn(
          checking.position(),
          host,
          "host key checking stays on: rollrun always checks host keys against known_hosts");
    }
    Value pkcs11 = vars.get("ansible_ssh_pkcs11_provider");
    if (pkcs11 != null && pkcs11.value() != null) {
      findings.refuse(
          pkcs11.position(),
          host,
          "ansible_ssh_pkcs11_provider is not supported: load the key into ssh-agent instead");
    }
    String proxyCommand = null;
    for (String name : SSH_ARGS) {
      Value args = vars.get(name);
      if (args == null || args.value() == null) {
        continue;
      }
      String found = sshArgs(host, name, args, findings);
      if (found != null && proxyCommand == null) {
        proxyCommand = found; // ssh keeps the first value it is given
      }
    }
    return Optional.ofNullable(proxyCommand);
  }

  private static void becomeVariables(String host, Map<String, Value> vars, Findings findings) {
    for (String name : List.of("ansible_become", "ansible_sudo")) {
      Value become = vars.get(name);
      if (become != null && isTrue(become.value())) {
        findings.warn(
            become.position(),
            host,
            name
                + " is not applied: rollrun runs a step through sudo only when the step says sudo:"
                + " true");
      }
    }
    for (String name : List.of("ansible_become_user", "ansible_sudo_user")) {
      Value user = vars.get(name);
      if (user != null && user.value() != null && !"root".equals(String.valueOf(user.value()))) {
        findings.refuse(
            user.position(),
            host,
            name
                + "="
                + user.value()
                + " is not supported: rollrun's sudo: true steps run as root (write sudo -u "
                + user.value()
                + " in the command instead)");
      }
    }
    Value method = vars.get("ansible_become_method");
    if (method != null
        && method.value() != null
        && !"sudo".equals(String.valueOf(method.value()))) {
      findings.refuse(
          method.position(),
          host,
          "ansible_become_method="
              + method.value()
              + " is not supported: rollrun's sudo: true steps use sudo");
    }
    for (String name : List.of("ansible_become_flags", "ansible_become_exe")) {
      Value ignored = vars.get(name);
      if (ignored != null && ignored.value() != null) {
        findings.warn(
            ignored.position(),
            host,
            name + " is not applied: rollrun's sudo: true steps run sudo -n sh -c '<command>'");
      }
    }
  }

  /** The ProxyCommand of one ssh arguments variable, refusing or warning about the rest. */
  private static String sshArgs(String host, String name, Value args, Findings findings) {
    List<String> words;
    try {
      words = shellWords(String.valueOf(args.value()));
    } catch (IllegalArgumentException e) {
      findings.refuse(args.position(), host, name + " cannot be read: " + e.getMessage());
      return null;
    }
    String proxyCommand = null;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      String option;
      if (word.equals("-o") && i + 1 < words.size()) {
        option = words.get(++i);
      } else if (word.startsWith("-o") && word.length() > 2) {
        option = word.substring(2);
      } else if (HARMLESS_FLAGS.contains(word)) {
        findings.warn(args.position(), host, name + ": " + word + " is not applied");
        continue;
      } else {
        findings.refuse(args.position(), host, unsupported(name, word));
        continue;
      }
      int split = indexOfSeparator(option);
      String key = split < 0 ? option : option.substring(0, split);
      String value = split < 0 ? "" : option.substring(split + 1).strip();
      if (split >= 0 && option.charAt(split) == ' ' && value.startsWith("=")) {
        value = value.substring(1).strip();
      }
      String lower = key.toLowerCase(Locale.ROOT);
      if (lower.equals("proxycommand") && !value.isEmpty()) {
        if (proxyCommand == null) {
          proxyCommand = value;
        }
      } else if (HARMLESS_OPTIONS.contains(lower)) {
        findings.warn(args.position(), host, name + ": -o " + option + " is not applied");
      } else {
        findings.refuse(args.position(), host, unsupported(name, "-o " + option));
      }
    }
    return proxyCommand;
  }

  private static String unsupported(String name, String option) {
    return name
        + ": "
        + option
        + " is not supported (rollrun honours -o ProxyCommand=... only; put other ssh options in"
        + " ~/.ssh/config, which rollrun reads)";
  }

  /** An ssh option is {@code Key=value} or {@code Key value}. */
  private static int indexOfSeparator(String option) {
    for (int i = 0; i < option.length(); i++) {
      char c = option.charAt(i);
      if (c == '=' || c == ' ' || c == '\t') {
        return i;
      }
    }
    return -1;
  }

  /** Words as a POSIX shell splits them (Ansible splits these variables with shlex). */
  static List<String> shellWords(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'' || c == '"') {
        int close = text.indexOf(c, i + 1);
        while (c == '"' && close > 0 && text.charAt(close - 1) == '\\') {
          close = text.indexOf(c, close + 1);
        }
        if (close < 0) {
          throw new IllegalArgumentException("a " + c + " quote is never closed");
        }
        String quoted = text.substring(i + 1, close);
        word.append(c == '"' ? quoted.replaceAll("\\\\([\"\\\\$`])", "$1") : quoted);
        i = close;
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value)
        || value instanceof String s
            && Set.of("yes", "true", "on", "1", "y").contains(s.strip().toLowerCase(Locale.ROOT))
        || value instanceof Number n && n.intValue() == 1;
  }

  private static boolean isFalse(Object value) {
    return Boolean.FALSE.equals(value)
        || value instanceof String s
            && Set.of("no", "false", "off", "0", "n").contains(s.strip().toLowerCase(Locale.ROOT))
        || value instanceof Number n && n.intValue() == 0;
  }
}

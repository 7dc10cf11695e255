package dev.rollrun.core.inventory;

import dev.rollrun.core.inventory.AnsibleInventoryBuilder.Value;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   <li>{@code ansible_ssh_args}, {@code ansible_ssh_common_args}, {@code ansible_ssh_extra_args}:
 *       every {@code -o} option, and {@code -J}, {@code -i}, {@code -p}, {@code -l} as the options
 *       they stand for, is handed to the SSH layer in the host variable {@value
 *       Inventory#SSH_OPTIONS}, in the order of Ansible's ssh command line (see {@link
 *       #sshOptions}); the SSH layer honours each, refuses it, or says it does not apply it, as it
 *       does an ssh_config line. The flags {@code -C}, {@code -q}, {@code -v} and {@code -T} are
 *       warned about; any other is refused, and so is what ssh itself would stop at.
 *   <li>{@code ansible_host_key_checking=false} is warned about: rollrun always checks host keys.
 * </ul>
 *
 * Variables about how Ansible runs its modules ({@code ansible_python_interpreter}, {@code
 * ansible_pipelining}, {@code ansible_shell_type}, ...) do not concern rollrun and are left alone.
 */
final class ConnectionVariables {

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

  /**
   * In the order of Ansible's ssh command line: {@code ansible_ssh_args} first, then Ansible's own
   * {@code -o Port=}, {@code IdentityFile=}, {@code User=} (from {@code ansible_port} ...), then
   * {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args}. ssh keeps the first value.
   */
  private static final String SSH_ARGS = "ansible_ssh_args";

  private static final List<String> SSH_ARGS_AFTER_ANSIBLES_OWN =
      List.of("ansible_ssh_common_args", "ansible_ssh_extra_args");

  /** ssh's flags that take an argument (its getopt string, OpenSSH 9 and 10). */
  private static final String FLAGS_WITH_ARGUMENT = "bceilmopBDEFIJLOPQRSwW";

  /** ssh flags that change nothing about which machine and user rollrun reaches. */
  private static final Set<Character> HARMLESS_FLAGS = Set.of('C', 'q', 'v', 'T');

  /**
   * One {@code -o} option for the SSH layer.
   *
   * @param text what follows {@code ssh -o} ({@code ProxyJump=bastion} for {@code -J bastion})
   * @param variable the variable it was written in ({@code ansible_ssh_common_args})
   */
  record SshOption(String text, String variable) {}

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
   * Checks one host's variables; returns the {@code -o} options its ssh arguments give, in the
   * order ssh reads them.
   *
   * @param vars the host's variables after Ansible's precedence
   */
  static List<SshOption> check(String host, Map<String, Value> vars, Findings findings) {
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
      findings.warn(checking.position(), host, HOST_KEYS_CHECKED);
    }
    Value pkcs11 = vars.get("ansible_ssh_pkcs11_provider");
    if (pkcs11 != null && pkcs11.value() != null) {
      findings.refuse(
          pkcs11.position(),
          host,
          "ansible_ssh_pkcs11_provider is not supported: load the key into ssh-agent instead");
    }
    return sshOptions(host, vars, findings);
  }

  private static final String HOST_KEYS_CHECKED =
      "host key checking stays on: rollrun always checks host keys against known_hosts";

  /**
   * The {@code -o} options of the host's ssh arguments, in the order of Ansible's ssh command line:
   * {@code ansible_ssh_args}, then {@code ansible_ssh_common_args}, then {@code
   * ansible_ssh_extra_args}. Between the first and the others Ansible puts its own {@code -o
   * Port=}, {@code -o User=} (from {@code ansible_port}, {@code ansible_user}) and {@code -o
   * PreferredAuthentications=...,publickey}: the inventory's port and user come before the later
   * variables' options as they do in the SSH layer, a port or user in {@code ansible_ssh_args} that
   * contradicts them is refused, and a {@code PreferredAuthentications} in the later variables,
   * which ssh never reads, is left out with a warning.
   */
  static List<SshOption> sshOptions(String host, Map<String, Value> vars, Findings findings) {
    SshCommandLine line = new SshCommandLine(host, vars, findings);
    line.read(SSH_ARGS, false);
    for (String name : SSH_ARGS_AFTER_ANSIBLES_OWN) {
      line.read(name, true);
    }
    return List.copyOf(line.options);
  }

  /** Ansible's ssh command line for one host, read word by word as ssh's getopt reads it. */
  private static final class SshCommandLine {
    private final String host;
    private final Map<String, Value> vars;
    private final Findings findings;
    private final List<SshOption> options = new ArrayList<>();
    private boolean proxySet;

    SshCommandLine(String host, Map<String, Value> vars, Findings findings) {
      this.host = host;
      this.vars = vars;
      this.findings = findings;
    }

    void read(String name, boolean afterAnsiblesOwn) {
      Value args = vars.get(name);
      if (args == null || args.value() == null) {
        return;
      }
      List<String> words;
      try {
        words = shellWords(String.valueOf(args.value()));
      } catch (IllegalArgumentException e) {
        findings.refuse(args.position(), host, name + " cannot be read: " + e.getMessage());
        return;
      }
      for (int i = 0; i < words.size(); i++) {
        String word = words.get(i);
        if (!word.startsWith("-") || word.length() < 2) {
          findings.refuse(
              args.position(), host, name + ": \"" + word + "\" is not an ssh option" + WHERE_ELSE);
          continue;
        }
        for (int j = 1; j < word.length(); j++) {
          char flag = word.charAt(j);
          if (FLAGS_WITH_ARGUMENT.indexOf(flag) < 0) {
            if (HARMLESS_FLAGS.contains(flag)) {
              findings.warn(args.position(), host, name + ": -" + flag + " is not applied");
            } else {
              findings.refuse(
                  args.position(), host, name + ": -" + flag + " is not supported" + WHERE_ELSE);
            }
            continue;
          }
          String argument;
          if (j + 1 < word.length()) {
            argument = word.substring(j + 1);
          } else if (i + 1 < words.size()) {
            argument = words.get(++i);
          } else {
            findings.refuse(
                args.position(), host, name + ": -" + flag + " needs an argument, as in ssh");
            break;
          }
          option(name, args.position(), flag, argument, afterAnsiblesOwn);
          break;
        }
      }
    }

    private void option(
        String name, SourcePosition at, char flag, String argument, boolean afterAnsiblesOwn) {
      String written = "-" + flag + " " + argument;
      if (flag == 'i') {
        // ssh expands ~ in -i at once and skips a file it cannot find, with a warning: its
        // default keys are then offered, as if -i had not been given.
        argument = tilde(argument);
        if (!Files.exists(Path.of(argument))) {
          findings.warn(
              at,
              host,
              name
                  + ": "
                  + written
                  + ": no such file; ssh skips it (\"Identity file not accessible\"), and so does"
                  + " rollrun");
          return;
        }
      }
      String option =
          switch (flag) {
            case 'o' -> argument;
            case 'J' -> "ProxyJump=" + quoted(argument);
            case 'i' -> "IdentityFile=" + quoted(argument);
            case 'p' -> "Port=" + quoted(argument);
            case 'l' -> "User=" + quoted(argument);
            default -> null;
          };
      if (option == null) {
        findings.refuse(at, host, name + ": " + written + " is not supported" + WHERE_ELSE);
        return;
      }
      int split = indexOfSeparator(option);
      String key = (split < 0 ? option : option.substring(0, split)).toLowerCase(Locale.ROOT);
      String value = split < 0 ? "" : option.substring(split + 1).strip();
      if (split >= 0 && option.charAt(split) != '=' && value.startsWith("=")) {
        value = value.substring(1).strip();
      }
      if (flag == 'J' && proxySet) {
        // ssh itself stops: "Cannot specify -J with ProxyCommand", or only a single -J.
        findings.refuse(
            at,
            host,
            name
                + ": "
                + written
                + ": ssh refuses -J after a ProxyCommand, a ProxyJump or another -J on its"
                + " command line");
        return;
      }
      if (key.equals("proxycommand") || key.equals("proxyjump")) {
        proxySet = true;
      }
      if (afterAnsiblesOwn && key.equals("preferredauthentications")) {
        findings.warn(
            at,
            host,
            name
                + ": "
                + written
                + " is not applied: Ansible's ssh command line sets PreferredAuthentications"
                + " (ending in publickey) before it, and ssh keeps the first value");
        return;
      } else if (!afterAnsiblesOwn && BEFORE_ANSIBLES_OWN.containsKey(key)) {
        String setting = BEFORE_ANSIBLES_OWN.get(key);
        Optional<Map.Entry<String, Value>> own =
            AnsibleConnectionSettings.VARIABLES.get(setting).stream()
                .filter(v -> vars.get(v) != null && vars.get(v).value() != null)
                .reduce((first, second) -> second)
                .map(v -> Map.entry(v, vars.get(v)));
        String theirs = String.valueOf(own.map(e -> e.getValue().value()).orElse(null));
        String ours = unquoted(value);
        if (setting.equals("identity")) {
          theirs = tilde(theirs);
          ours = tilde(ours);
        }
        if (own.isPresent() && !theirs.equals(ours)) {
          findings.refuse(
              at,
              host,
              name
                  + ": "
                  + written
                  + ": Ansible puts "
                  + name
                  + " before "
                  + own.get().getKey()
                  + " ("
                  + own.get().getValue().value()
                  + ") on ssh's command line, so ssh would "
                  + (setting.equals("identity") ? "offer " : "use ")
                  + unquoted(value)
                  + (setting.equals("identity") ? " first" : "")
                  + "; set the "
                  + setting
                  + " in one place");
          return;
        }
      }
      options.add(new SshOption(option, name));
    }
  }

  /**
   * Options of {@code ansible_ssh_args} that Ansible's own, from {@code ansible_port}, {@code
   * ansible_user} and {@code ansible_private_key_file}, follow on ssh's command line: the host's
   * setting each concerns.
   */
  private static final Map<String, String> BEFORE_ANSIBLES_OWN =
      Map.of("port", "port", "user", "user", "identityfile", "identity");

  private static final String WHERE_ELSE =
      " (rollrun reads -o options, -J, -i, -p and -l there; put other ssh settings in"
          + " ~/.ssh/config, which rollrun reads)";

  /** {@code ~} and {@code ~/x} under the operator's home, as ssh expands {@code -i}. */
  private static String tilde(String path) {
    String home = System.getProperty("user.home");
    if (path.equals("~")) {
      return home;
    }
    return path.startsWith("~/") ? Path.of(home).resolve(path.substring(2)).toString() : path;
  }

  /** A value as ssh's {@code -o} reads it back: quoted when it holds spaces or quotes. */
  private static String quoted(String value) {
    if (!value.isEmpty()
        && value.chars().noneMatch(c -> Character.isWhitespace(c) || "\"'\\".indexOf(c) >= 0)) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String unquoted(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
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

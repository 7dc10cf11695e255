package dev.rollrun.core.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one host while its ssh_config is read, as OpenSSH's {@code Options}: the first
 * value obtained for a setting is kept, later ones are not ("for each parameter, the first obtained
 * value will be used"), except that {@code IdentityFile} and {@code CertificateFile} add up. Every
 * value keeps where it came from. Not thread-safe: one per host and pass.
 */
final class SshOptions {

  /**
   * One setting as found.
   *
   * @param args the arguments as {@code argv_split} gives them
   * @param text the value as written (the rest of the line, for commands)
   * @param userProvided from the user's file or the inventory, not the system's (OpenSSH keeps an
   *     identity file named in both twice)
   */
  record Value(List<String> args, String text, SettingSource source, boolean userProvided) {

    Value {
      args = List.copyOf(args);
    }

    String arg() {
      return args.get(0);
    }
  }

  private final Map<String, Value> first = new LinkedHashMap<>();
  private final List<Value> identityFiles = new ArrayList<>();
  private final List<Value> certificateFiles = new ArrayList<>();
  private Value proxyCommand;
  private Value proxyJump;
  private List<JumpSpec> jumps;

  /**
   * Applies one directive that is in effect.
   *
   * @param keyword its keyword (an alias applies as the keyword it stands for)
   */
  void apply(SshKeywords.Keyword keyword, SshConfigLine line, SettingSource source, boolean user) {
    String name = keyword.name().toLowerCase(Locale.ROOT);
    Value value =
        new Value(
            line.args(),
            keyword.shape() == SshKeywords.Shape.COMMAND
                ? SshValues.proxyValue(line)
                : String.join(" ", line.args()),
            source,
            user);
    switch (name) {
      case "identityfile" -> addOnce(identityFiles, value);
      case "certificatefile" -> addOnce(certificateFiles, value);
      case "proxycommand" -> {
        if (proxyCommand == null) {
          proxyCommand = value;
        }
      }
      case "proxyjump" -> applyJump(value);
      default -> first.putIfAbsent(name, value);
    }
  }

  private void applyJump(Value value) {
    if (value.text().equalsIgnoreCase("none")) {
      if (jumps == null) {
        jumps = List.of();
        proxyJump = value;
      }
      return;
    }
    if (proxyCommand != null || jumps != null) {
      return;
    }
    jumps = JumpSpec.parseList(value.text());
    proxyJump = value;
    // OpenSSH turns a jump into a ProxyCommand of its own: no other one applies afterwards.
    proxyCommand = new Value(List.of("none"), "none", value.source(), value.userProvided());
  }

  private static void addOnce(List<Value> list, Value value) {
    for (Value v : list) {
      if (v.userProvided() == value.userProvided() && v.arg().equals(value.arg())) {
        return;
      }
    }
    list.add(value);
  }

  /** The first value of a setting, or {@code null}. */
  Value get(String lowerCaseName) {
    return first.get(lowerCaseName);
  }

  /** Replaces {@code HostName} for the final pass: the name the first pass arrived at. */
  void replaceHostname(String hostname) {
    Value was = first.get("hostname");
    first.put(
        "hostname",
        new Value(
            List.of(hostname),
            hostname,
            was == null ? SettingSource.DEFAULT : was.source(),
            was == null || was.userProvided()));
  }

  /** Every setting found, first values only, in the order found. */
  Map<String, Value> firstValues() {
    return java.util.Collections.unmodifiableMap(first);
  }

  List<Value> identityFiles() {
    return List.copyOf(identityFiles);
  }

  List<Value> certificateFiles() {
    return List.copyOf(certificateFiles);
  }

  /** The {@code ProxyCommand} in effect ({@code none} when a {@code ProxyJump} came first). */
  Value proxyCommand() {
    return proxyCommand;
  }

  /** The {@code ProxyJump} line in effect, or {@code null}. */
  Value proxyJump() {
    return proxyJump;
  }

  /** The jump hosts in effect, {@code null} when none was set, empty for {@code none}. */
  List<JumpSpec> jumps() {
    return jumps;
  }
}

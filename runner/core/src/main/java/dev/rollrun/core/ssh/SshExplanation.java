package dev.rollrun.core.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one inventory host resolves over SSH, and where each setting came from: what {@code rollrun
 * inventory} prints ({@link SshTargetResolver#explain}).
 *
 * <p>Settings are named as {@code ssh -G} names them, in this order: {@code hostname}, {@code
 * port}, {@code user}, {@code identityfile} (one per file, expanded), {@code identitiesonly},
 * {@code identityagent}, {@code proxyjump}, {@code proxycommand}, {@code userknownhostsfile} (one
 * per file), {@code globalknownhostsfile} (one per file), {@code stricthostkeychecking}, {@code
 * hostkeyalias}, {@code hashknownhosts}. A setting that is not in effect is left out.
 *
 * @param host the inventory name
 * @param address what was looked up in ssh_config (the inventory address, or the jump host's name)
 * @param settings the settings in effect
 * @param jumps each jump host, explained the same way, in the order they are crossed
 * @param refusal why rollrun will not connect to this host (naming the file, line and setting), or
 *     {@code null} when it will
 * @param ignored settings in effect that rollrun does not apply, each with why (value {@code
 *     "Ciphers aes256-ctr (rollrun uses MINA SSHD's algorithms)"})
 */
public record SshExplanation(
    String host,
    String address,
    List<Setting> settings,
    List<SshExplanation> jumps,
    String refusal,
    List<Setting> ignored) {

  /**
   * One setting.
   *
   * @param name as {@code ssh -G} prints it ({@code hostname})
   * @param value its value, expanded as rollrun uses it
   * @param source where it came from: {@code ~/.ssh/config:12}; {@code inventory} (the host's
   *     address, port, user or identity); {@code inventory VARIABLE} for an {@code -o} option of
   *     the inventory, named by the variable that holds it ({@code inventory ssh.options}, {@code
   *     inventory ansible_ssh_common_args}); or {@code default}
   */
  public record Setting(String name, String value, String source) {
    public Setting {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(source, "source");
    }

    /**
     * When the inventory gave this setting, where the inventory holds it: {@code address}, {@code
     * port}, {@code user} or {@code identity}, or the variable of an {@code -o} option ({@code
     * ansible_ssh_common_args}); so that a report can point at the file, line and column.
     */
    public Optional<String> inventorySetting() {
      if (source.equals(SettingSource.INVENTORY.label())) {
        return Optional.of(
            switch (name) {
              case "hostname" -> "address";
              case "identityfile" -> "identity";
              default -> name;
            });
      }
      String prefix = SettingSource.INVENTORY.label() + " ";
      return source.startsWith(prefix)
          ? Optional.of(source.substring(prefix.length()))
          : Optional.empty();
    }
  }

  public SshExplanation {
    Objects.requireNonNull(host, "host");
    settings = List.copyOf(settings);
    jumps = List.copyOf(jumps);
    ignored = List.copyOf(ignored);
  }

  /** Whether rollrun connects to this host (and every jump host on the way). */
  public boolean connects() {
    return refusal == null && jumps.stream().allMatch(SshExplanation::connects);
  }

  /** The first value of a setting. */
  public Optional<String> value(String name) {
    return settings.stream().filter(s -> s.name().equals(name)).map(Setting::value).findFirst();
  }

  /** Every value of a setting ({@code identityfile}), in order. */
  public List<String> values(String name) {
    return settings.stream().filter(s -> s.name().equals(name)).map(Setting::value).toList();
  }

  /**
   * The explanation as lines of text: {@code name value (source)}, jump hosts indented under {@code
   * via}, then the refusal and the ignored settings.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Setting s : settings) {
      lines.add(s.name() + " " + s.value() + "  (" + s.source() + ")");
    }
    for (SshExplanation jump : jumps) {
      lines.add("via " + jump.address());
      for (String l : jump.lines()) {
        lines.add("  " + l);
      }
    }
    if (refusal != null) {
      lines.add("refused: " + refusal);
    }
    for (Setting s : ignored) {
      lines.add("ignored: " + s.value() + "  (" + s.source() + ")");
    }
    return lines;
  }
}

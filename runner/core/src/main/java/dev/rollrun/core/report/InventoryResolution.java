package dev.rollrun.core.report;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.AnsibleConnectionSettings;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.ssh.SshTarget;
import dev.rollrun.core.ssh.SshTargetResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What rollrun resolved for each host of an inventory, every value with where it came from: what
 * the inventory says (as {@code ansible-inventory --host} would), and what SSH then connects to (as
 * {@code ssh -G} would), for an operator to check before a roll.
 *
 * <p>The SSH side comes from {@link SshTargetResolver}; each of its settings names the inventory
 * when the inventory set it, else {@code ~/.ssh/config} when the value differs from OpenSSH's
 * default, else the default. {@link #sshOrigin} is the one place that decides.
 */
public final class InventoryResolution {

  private static final String PROXY_COMMAND_VARIABLE = AnsibleConnectionSettings.PROXY_COMMAND;

  private static final List<String> SSH_ARGS =
      List.of("ansible_ssh_args", "ansible_ssh_common_args", "ansible_ssh_extra_args");

  /**
   * One host.
   *
   * @param declared where the host is declared
   * @param inventory address, port, user and identity as the inventory gives them
   * @param ssh hostname, port, user, identity files, proxy jumps, proxy command and known-hosts
   *     files that SSH uses
   * @param vars every variable, as the inventory's tool shows it, by name
   */
  public record HostResolution(
      String name,
      SourcePosition declared,
      List<String> groups,
      List<ResolvedSetting> inventory,
      List<ResolvedSetting> ssh,
      List<ResolvedSetting> vars) {}

  private final SshTargetResolver resolver;
  private final List<Path> knownHosts;
  private final Path home;
  private final String localUser;

  /**
   * @param knownHosts the known_hosts files rollrun checks host keys against
   * @param home the home directory, to print paths under it as {@code ~/...}
   */
  public InventoryResolution(
      SshTargetResolver resolver, List<Path> knownHosts, Path home, String localUser) {
    this.resolver = resolver;
    this.knownHosts = List.copyOf(knownHosts);
    this.home = home;
    this.localUser = localUser;
  }

  public HostResolution resolve(Inventory inventory, Host host) {
    Map<String, Object> variables = inventory.variablesOf(host.name());
    List<ResolvedSetting> settings = new ArrayList<>();
    settings.add(
        new ResolvedSetting(
            "address",
            host.address(),
            origin(inventory, host, "address", variables).orElse("the host's name")));
    settings.add(
        new ResolvedSetting(
            "port",
            host.port() > 0 ? host.port() : null,
            origin(inventory, host, "port", variables).orElse("not set")));
    settings.add(
        new ResolvedSetting(
            "user", host.user(), origin(inventory, host, "user", variables).orElse("not set")));
    settings.add(
        new ResolvedSetting(
            "identity",
            host.identity(),
            origin(inventory, host, "identity", variables).orElse("not set")));

    SshTarget target = resolver.resolve(host);
    List<ResolvedSetting> ssh = new ArrayList<>();
    ssh.add(
        new ResolvedSetting(
            "hostname",
            target.hostname(),
            sshOrigin(inventory, host, "address", !target.hostname().equals(host.address()))));
    ssh.add(
        new ResolvedSetting(
            "port",
            target.port(),
            sshOrigin(inventory, host, "port", host.port() <= 0 && target.port() != 22)));
    ssh.add(
        new ResolvedSetting(
            "user",
            target.user(),
            sshOrigin(
                inventory, host, "user", host.user() == null && !target.user().equals(localUser))));
    ssh.add(
        new ResolvedSetting(
            "identity files",
            target.identityFiles().stream().map(this::shown).toList(),
            host.identity() != null
                ? sshOrigin(inventory, host, "identity", false)
                : target.identityFiles().stream().allMatch(this::isDefaultKey)
                    ? "default (~/.ssh/id_rsa, id_ecdsa, id_ed25519 that exist), and the ssh-agent"
                    : "~/.ssh/config"));
    ssh.add(
        new ResolvedSetting(
            "proxy jump",
            target.proxyJumps().stream()
                .map(j -> j.user() + "@" + j.endpoint() + " (" + j.alias() + ")")
                .toList(),
            target.proxyJumps().isEmpty() ? "none" : "~/.ssh/config"));
    Object proxyCommand = host.vars().get(PROXY_COMMAND_VARIABLE);
    ssh.add(
        new ResolvedSetting(
            "proxy command",
            proxyCommand,
            proxyCommand == null ? "none" : proxyCommandOrigin(inventory, host, variables)));
    ssh.add(
        new ResolvedSetting(
            "known hosts files",
            knownHosts.stream().map(this::shown).toList(),
            "rollrun's: ~/.ssh/known_hosts, and --known-hosts"));

    List<ResolvedSetting> vars = new ArrayList<>();
    new java.util.TreeMap<>(variables)
        .forEach(
            (name, value) ->
                vars.add(
                    new ResolvedSetting(
                        name,
                        value,
                        inventory
                            .settingPosition(host.name(), Inventory.variableSetting(name))
                            .map(SourcePosition::toString)
                            .orElse(inventory.positionOf(host.name()).toString()))));
    return new HostResolution(
        host.name(), inventory.positionOf(host.name()), host.roles(), settings, ssh, vars);
  }

  /**
   * Where an SSH setting came from: the inventory when it set it, else {@code ~/.ssh/config} when
   * {@code fromConfig}, else OpenSSH's default.
   */
  private static String sshOrigin(
      Inventory inventory, Host host, String setting, boolean fromConfig) {
    if (fromConfig) {
      return "~/.ssh/config";
    }
    boolean setByInventory =
        switch (setting) {
          case "port" -> host.port() > 0;
          case "user" -> host.user() != null;
          case "identity" -> host.identity() != null;
          default -> true;
        };
    if (!setByInventory) {
      return "default";
    }
    return inventory
        .settingPosition(host.name(), setting)
        .map(at -> "inventory, " + at)
        .orElse(setting.equals("address") ? "inventory (the host's name)" : "inventory");
  }

  private static Optional<String> origin(
      Inventory inventory, Host host, String setting, Map<String, Object> variables) {
    return inventory
        .settingPosition(host.name(), setting)
        .map(
            at ->
                at
                    + AnsibleConnectionSettings.variableFor(setting, variables)
                        .map(v -> " (" + v + ")")
                        .orElse(""));
  }

  private static String proxyCommandOrigin(
      Inventory inventory, Host host, Map<String, Object> variables) {
    for (String name : SSH_ARGS) {
      if (variables.get(name) != null) {
        return inventory
                .settingPosition(host.name(), Inventory.variableSetting(name))
                .map(SourcePosition::toString)
                .orElse("inventory")
            + " ("
            + name
            + ")";
      }
    }
    return "inventory";
  }

  private boolean isDefaultKey(Path key) {
    return key.getParent() != null
        && key.getParent().equals(home.resolve(".ssh"))
        && List.of("id_rsa", "id_ecdsa", "id_ed25519").contains(key.getFileName().toString())
        && Files.isRegularFile(key);
  }

  /** A path under the home directory as {@code ~/...}. */
  private String shown(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(home) ? "~/" + home.relativize(absolute) : path.toString();
  }
}

package dev.rollrun.core.report;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.AnsibleConnectionSettings;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.ssh.SshExplanation;
import dev.rollrun.core.ssh.SshTargetResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What rollrun resolved for each host of an inventory, every value with where it came from: what
 * the inventory says (as {@code ansible-inventory --host} would), and what SSH then connects to (as
 * {@code ssh -G} would), for an operator to check before a roll.
 *
 * <p>The SSH side is {@link SshTargetResolver#explain}, the same resolution a roll connects with:
 * each setting's source as the SSH layer gives it ({@code ~/.ssh/config:12}, {@code default}),
 * except that a setting the inventory gave points at the file, line and column where the inventory
 * writes it, naming the variable ({@code hosts:3:10 (ansible_ssh_common_args)}).
 */
public final class InventoryResolution {

  /**
   * One host.
   *
   * @param declared where the host is declared
   * @param inventory address, port, user and identity as the inventory gives them
   * @param ssh what SSH connects to, and how, as rollrun resolves it
   * @param vars every variable, as the inventory's tool shows it, by name
   */
  public record HostResolution(
      String name,
      SourcePosition declared,
      List<String> groups,
      List<ResolvedSetting> inventory,
      SshResolution ssh,
      List<ResolvedSetting> vars) {}

  /**
   * How one server of a connection (the host, or a jump host on the way) is reached.
   *
   * @param address the name looked up in ssh_config: the inventory's address, or the jump host's
   * @param settings as {@code ssh -G} names them ({@code hostname}, {@code port}, {@code user},
   *     {@code identityfile} ...; see {@link SshExplanation}), each with where it came from
   * @param jumps the jump hosts crossed first, in order
   * @param refusal why rollrun will not connect, naming the file, line and setting; or {@code null}
   * @param ignored settings in effect that rollrun does not apply, each with why
   */
  public record SshResolution(
      String address,
      List<ResolvedSetting> settings,
      List<SshResolution> jumps,
      String refusal,
      List<ResolvedSetting> ignored) {

    /** Whether rollrun connects (to this server and every jump host before it). */
    public boolean connects() {
      return refusal == null && jumps.stream().allMatch(SshResolution::connects);
    }
  }

  private final SshTargetResolver resolver;
  private final Path extraKnownHosts;

  /**
   * @param resolver the SSH resolution a roll would use
   * @param extraKnownHosts the {@code --known-hosts} file, or {@code null}
   */
  public InventoryResolution(SshTargetResolver resolver, Path extraKnownHosts) {
    this.resolver = resolver;
    this.extraKnownHosts = extraKnownHosts;
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

    SshResolution ssh = ssh(inventory, host, resolver.explain(host));
    if (extraKnownHosts != null) {
      List<ResolvedSetting> withExtra = new ArrayList<>(ssh.settings());
      withExtra.add(
          new ResolvedSetting("knownhostsfile", extraKnownHosts.toString(), "--known-hosts"));
      ssh = new SshResolution(ssh.address(), withExtra, ssh.jumps(), ssh.refusal(), ssh.ignored());
    }

    List<ResolvedSetting> vars = new ArrayList<>();
    new TreeMap<>(variables)
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

  private SshResolution ssh(Inventory inventory, Host host, SshExplanation explained) {
    return new SshResolution(
        explained.address(),
        explained.settings().stream()
            .map(s -> new ResolvedSetting(s.name(), s.value(), source(inventory, host, s)))
            .toList(),
        explained.jumps().stream().map(j -> ssh(inventory, host, j)).toList(),
        explained.refusal(),
        explained.ignored().stream()
            .map(s -> new ResolvedSetting(s.name(), s.value(), source(inventory, host, s)))
            .toList());
  }

  /**
   * Where an SSH setting came from: for one the inventory gave, the place the inventory writes it
   * and the variable; else as the SSH layer says ({@code ~/.ssh/config:12}, {@code default}).
   */
  private static String source(Inventory inventory, Host host, SshExplanation.Setting setting) {
    Optional<String> given = setting.inventorySetting();
    if (given.isEmpty()) {
      return setting.source();
    }
    String what = given.get();
    if (AnsibleConnectionSettings.VARIABLES.containsKey(what)) {
      return origin(inventory, host, what, inventory.variablesOf(host.name()))
          .orElse(what.equals("address") ? "inventory (the host's name)" : "inventory");
    }
    return inventory
        .settingPosition(host.name(), Inventory.variableSetting(what))
        .map(at -> at + " (" + what + ")")
        .orElse(setting.source());
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
}

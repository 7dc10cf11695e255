package dev.rollrun.core.load;

import dev.rollrun.api.Host;
import dev.rollrun.core.ssh.SshConfigException;
import dev.rollrun.core.ssh.SshExplanation;
import dev.rollrun.core.ssh.SshTarget;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.core.validate.HostRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Host routes as the operator's ssh_config resolves them ({@link SshTargetResolver}): two inventory
 * aliases whose {@code HostName} and {@code Port} (behind the same jump hosts or command) are the
 * same reach one machine. A host whose configuration cannot be used has no route here: when the
 * setting refused came from the inventory (its port, its identity, an {@code -o} option of its
 * {@code ssh.options} or {@code ansible_ssh_common_args}) that is its {@link #refusal}, said before
 * anything is touched; else connecting to it fails with the reason.
 */
public final class SshHostRoutes implements HostRoutes {

  private final SshTargetResolver resolver;

  public SshHostRoutes(SshTargetResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public Optional<Route> of(Host host) {
    SshTarget target;
    try {
      target = resolver.resolve(host);
    } catch (SshConfigException e) {
      return Optional.empty();
    }
    String machine = target.route();
    boolean asWritten = machine.equals(HostRoutes.asWritten(host).machine());
    return Optional.of(new Route(machine, asWritten ? null : "ssh_config"));
  }

  @Override
  public Optional<InventorySetting> refusal(Host host) {
    try {
      resolver.resolve(host);
      return Optional.empty();
    } catch (SshConfigException e) {
      return e.inventorySetting()
          .map(
              setting ->
                  new InventorySetting(
                      setting,
                      OWN_SETTINGS.contains(setting) ? e.problem() : setting + ": " + e.problem()));
    }
  }

  @Override
  public List<InventorySetting> notApplied(Host host) {
    if (!host.vars().containsKey(SshTargetResolver.OPTIONS_VAR)) {
      return List.of(); // only -o options are ever read and not applied
    }
    List<InventorySetting> notes = new ArrayList<>();
    for (SshExplanation.Setting ignored : resolver.explain(host).ignored()) {
      ignored
          .inventorySetting()
          .ifPresent(
              setting ->
                  notes.add(
                      new InventorySetting(
                          setting, setting + ": " + ignored.value() + " is not applied")));
    }
    return notes;
  }

  /** The inventory's own settings, whose problems name themselves. */
  private static final Set<String> OWN_SETTINGS = Set.of("address", "port", "user", "identity");
}

package dev.rollrun.core.load;

import dev.rollrun.api.Host;
import dev.rollrun.core.ssh.SshConfigException;
import dev.rollrun.core.ssh.SshTarget;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.core.validate.HostRoutes;
import java.util.Optional;

/**
 * Host routes as the operator's ssh_config resolves them ({@link SshTargetResolver}): two inventory
 * aliases whose {@code HostName} and {@code Port} (behind the same jump hosts or command) are the
 * same reach one machine. A host whose configuration cannot be used has no route here: connecting
 * to it fails with the reason.
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
}

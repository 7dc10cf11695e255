package dev.rollrun.core.plan;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Host;
import dev.rollrun.api.Phase;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.ServiceSpec;
import dev.rollrun.core.config.Template;

/**
 * The stop or start command of one node: the host's override in {@code service.hosts}, else that of
 * the first of its roles with one in {@code service.roles}, else the playbook's {@code
 * service.stop}/{@code service.start}, else the cluster behaviour's default (through sudo when the
 * behaviour says so).
 */
final class ServiceCommands {

  /** The command template and whether it runs through {@code sudo -n}. */
  record Chosen(Template command, boolean sudo) {}

  private ServiceCommands() {}

  /**
   * @param phase {@link Phase#STOP} or {@link Phase#START}
   */
  static Chosen choose(Playbook playbook, ClusterBehaviour behaviour, Host host, Phase phase) {
    if (!NodeLifecycle.isServiceCommand(phase)) {
      throw new IllegalArgumentException("no service command for phase " + phase);
    }
    ServiceSpec service = playbook.service();
    boolean stop = phase == Phase.STOP;
    Template chosen = null;
    ServiceSpec.StopStart hostOverride = service.hosts().get(host.name());
    if (hostOverride != null) {
      chosen = stop ? hostOverride.stop() : hostOverride.start();
    }
    for (int i = 0; chosen == null && i < host.roles().size(); i++) {
      ServiceSpec.StopStart roleOverride = service.roles().get(host.roles().get(i));
      if (roleOverride != null) {
        chosen = stop ? roleOverride.stop() : roleOverride.start();
      }
    }
    if (chosen == null) {
      chosen = stop ? service.stop() : service.start();
    }
    if (chosen != null) {
      return new Chosen(chosen, service.sudo());
    }
    Template fallback =
        new Template(
            stop ? behaviour.defaultStopCommand() : behaviour.defaultStartCommand(),
            playbook.keyPosition("/cluster"));
    return new Chosen(fallback, service.sudo() || behaviour.defaultCommandsNeedSudo());
  }

  /**
   * The command that prints the identity of the node's running service: {@code service.instance},
   * else the behaviour's default when the node is stopped with the behaviour's own stop command;
   * null when there is none.
   */
  static Template instance(Playbook playbook, ClusterBehaviour behaviour, Host host) {
    if (playbook.service().instance() != null) {
      return playbook.service().instance();
    }
    String fallback = behaviour.defaultInstanceCommand();
    if (fallback == null) {
      return null;
    }
    Template stop = choose(playbook, behaviour, host, Phase.STOP).command();
    boolean behavioursOwn = stop.source().equals(behaviour.defaultStopCommand());
    return behavioursOwn ? new Template(fallback, playbook.keyPosition("/cluster")) : null;
  }
}

package dev.rollrun.api;

import java.util.List;

/**
 * What rollrun knows about one kind of cluster: how to stop and start a node and in which order to
 * roll its nodes. A playbook names its behaviour with {@code cluster:}.
 *
 * <p>Commands are templates, rendered per node with the playbook's variables ({@code {{
 * service.name }}}, {@code {{ host.address }}}, ...).
 */
public interface ClusterBehaviour {

  /** The id a playbook's {@code cluster:} key names, e.g. {@code service}. */
  String id();

  /** The stop command used when the playbook does not override it. */
  String defaultStopCommand();

  /** The start command used when the playbook does not override it. */
  String defaultStartCommand();

  /** Whether the default stop and start commands run through {@code sudo -n}. */
  default boolean defaultCommandsNeedSudo() {
    return true;
  }

  /**
   * A command on the node that exits 0 when the node is healthy, used as the health gate when the
   * playbook declares none; {@code null} when the behaviour has no default.
   */
  default String defaultHealthCommand() {
    return null;
  }

  /** The template variables the default commands need, e.g. {@code service.name}. */
  default List<String> requiredSettings() {
    return List.of();
  }

  /**
   * The order in which to roll the given hosts. The default keeps inventory order; behaviours
   * override it to roll, say, the active master last.
   */
  default List<Host> order(List<Host> hosts) {
    return hosts;
  }
}

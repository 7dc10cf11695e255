package dev.rollrun.plugins.consul;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.util.List;
import org.pf4j.Extension;

/**
 * PowerConsul's {@code start-primary} as a playbook: {@code cluster: consul-switchover} rolls the
 * active node alone ({@code --limit active}), and its lifecycle is the switchover: safe to switch
 * ({@link ClusterReadyCheck}, {@link SwitchoverCheck}), then the {@link Switchover} wrapper, which
 * moves the active role to the standby through the promote and demote flags. Its stop and start do
 * nothing by default (the nodes' watchers stop and start what they run); a playbook may give them
 * work to do on the demoted node, which is a standby by then.
 */
@Extension
public final class ConsulSwitchoverBehaviour implements ClusterBehaviour {

  public static final String ID = "consul-switchover";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String defaultStopCommand() {
    return "true  # nothing to stop: the node's demote watcher stopped its local services";
  }

  @Override
  public String defaultStartCommand() {
    return "true  # nothing to start: the node is a standby now";
  }

  @Override
  public boolean defaultCommandsNeedSudo() {
    return false;
  }

  @Override
  public List<Host> order(List<Host> hosts) {
    return RoleOrder.standbysFirst(hosts);
  }

  @Override
  public ClusterView discover(TaskContext context, TaskArgs settings, List<Host> hosts) {
    return PairDiscovery.discover(context, settings, hosts);
  }

  @Override
  public List<StopCheck> stopChecks() {
    return List.of(new ClusterReadyCheck(), new SwitchoverCheck());
  }

  @Override
  public List<NodeWrapper> wrappers() {
    return List.of(new Switchover());
  }

  @Override
  public List<String> status(TaskContext context, TaskArgs settings) {
    return LocalState.read(context, ConsulSettings.of(settings, context.host())).lines();
  }

  @Override
  public String settingsSchema() {
    return SettingsSchema.SWITCHOVER;
  }
}

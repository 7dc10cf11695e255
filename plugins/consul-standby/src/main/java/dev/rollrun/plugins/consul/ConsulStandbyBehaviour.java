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
 * An active/standby service pair as PowerConsul runs it: Consul KV's {@code
 * cluster/<environment>/<service>} says which node is active and which standby, each node's Consul
 * checks say whether it is healthy, and each node's own status says what it runs.
 *
 * <p>A roll restarts the standbys first and the active last. Before each stop: the service is
 * consistent in Consul ({@link ClusterReadyCheck}) and the node agrees with its role ({@link
 * LocalRoleCheck}). Around the active's restart: its maintenance flag ({@link MaintenanceFlag}), so
 * that no watcher fails over while it is down on purpose; after each start, the node must be back
 * in its role and pass its Consul checks before the roll goes on.
 */
@Extension
public final class ConsulStandbyBehaviour implements ClusterBehaviour {

  public static final String ID = "consul-standby";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String defaultStopCommand() {
    return "service {{ service.name }} stop";
  }

  @Override
  public String defaultStartCommand() {
    return "service {{ service.name }} start";
  }

  @Override
  public List<String> requiredSettings() {
    return List.of("service.name");
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
    return List.of(new ClusterReadyCheck(), new LocalRoleCheck());
  }

  @Override
  public List<NodeWrapper> wrappers() {
    return List.of(new MaintenanceFlag());
  }

  @Override
  public List<String> status(TaskContext context, TaskArgs settings) {
    return LocalState.read(context, ConsulSettings.of(settings, context.host())).lines();
  }

  @Override
  public String settingsSchema() {
    return SettingsSchema.STANDBY;
  }
}

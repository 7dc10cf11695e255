package dev.rollrun.plugins.zookeeper;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * A ZooKeeper ensemble ({@code cluster: zookeeper}), asked through each member's AdminServer:
 *
 * <ul>
 *   <li>discovery: each inventory host's member says its id and state ({@code leader}, {@code
 *       follower}, {@code observer}: its role) and the voting members it knows; see {@link
 *       EnsembleDiscovery};
 *   <li>order: observers, then followers, the leader last ({@link RollOrder});
 *   <li>safe to stop? only when every other voting member is in sync with the leader ({@link
 *       QuorumCheck});
 *   <li>health: every member in sync, one leader, all its followers in sync ({@link DefaultGate});
 *   <li>stop and start: {@code systemctl stop|start zookeeper} (or the playbook's {@code
 *       service.name}) through {@code sudo -n}.
 * </ul>
 *
 * Settings ({@code settings:} of the playbook): {@code client-port} (2181), {@code admin-port}
 * (8080), {@code via} ({@code direct} or {@code ssh}); a host's {@code zookeeper_client_port} and
 * {@code zookeeper_admin_port} variables win for that host.
 */
@Extension
public final class ZooKeeperBehaviour implements ClusterBehaviour {

  public static final String ID = "zookeeper";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String defaultStopCommand() {
    return "systemctl stop {{ service.name | default('zookeeper') }}";
  }

  @Override
  public String defaultStartCommand() {
    return "systemctl start {{ service.name | default('zookeeper') }}";
  }

  @Override
  public String defaultHealth() {
    return defaultHealth(TaskArgs.none());
  }

  @Override
  public String defaultHealth(TaskArgs settings) {
    return DefaultGate.yaml(ZooKeeperSettings.of(settings));
  }

  @Override
  public List<Host> order(List<Host> hosts) {
    return RollOrder.of(hosts);
  }

  @Override
  public ClusterView discover(TaskContext context, TaskArgs settings, List<Host> hosts) {
    ZooKeeperSettings zk = ZooKeeperSettings.of(settings);
    AdminServer admin = new AdminServer(context, zk);
    List<MemberStatus> statuses = new ArrayList<>();
    for (Host host : hosts) {
      statuses.add(admin.status(host, true));
    }
    List<Long> observers =
        statuses.stream()
            .filter(MemberStatus::isLeader)
            .findFirst()
            .map(leader -> admin.observers(leader.host()))
            .orElse(List.of());
    return EnsembleDiscovery.of(statuses, observers, zk.throughSsh() ? "through SSH" : "directly");
  }

  @Override
  public List<StopCheck> stopChecks() {
    return List.of(StopCheck.of("quorum", ZooKeeperBehaviour::quorum));
  }

  private static Verdict quorum(TaskContext context, TaskArgs settings, List<Host> cluster) {
    AdminServer admin = new AdminServer(context, ZooKeeperSettings.of(settings));
    Host self = context.host();
    List<MemberStatus> all = new ArrayList<>();
    MemberStatus mine = null;
    for (Host host : cluster) {
      MemberStatus status = admin.status(host, false);
      all.add(status);
      if (host.name().equals(self.name())) {
        mine = status;
      }
    }
    if (mine == null) {
      mine = admin.status(self, false);
      all.add(mine);
    }
    return QuorumCheck.verdict(mine, all);
  }

  @Override
  public String settingsSchema() {
    return """
        {"type": "object", "additionalProperties": false,
         "properties": {
           "client-port": {"type": "integer", "minimum": 1, "maximum": 65535,
                           "description": "The members' client port (default 2181); a host's zookeeper_client_port wins."},
           "admin-port": {"type": "integer", "minimum": 1, "maximum": 65535,
                          "description": "The members' AdminServer port (admin.serverPort, default 8080); a host's zookeeper_admin_port wins."},
           "via": {"enum": ["direct", "ssh"],
                   "description": "direct (default): the AdminServer at the host's address; ssh: at localhost through the node's SSH session."}
         }}
        """;
  }
}

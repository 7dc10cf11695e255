package dev.rollrun.plugins.consul;

import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery of an active/standby pair: its members are the nodes of {@code
 * cluster/<environment>/<service>}, each with the role {@code active} or {@code standby}, matched
 * to inventory hosts by {@link NodeNames}, and with facts {@code consul_node}, {@code role}, {@code
 * health} (its Consul checks), {@code promote} and {@code demote} (its flags).
 */
final class PairDiscovery {

  private PairDiscovery() {}

  static ClusterView discover(TaskContext context, TaskArgs settings, List<Host> hosts) {
    ConsulSettings s = ConsulSettings.of(settings, hosts);
    ServiceState state = ServiceState.read(new ConsulClient(context, s));
    List<ClusterMember> members = new ArrayList<>();
    for (String node : state.cluster().nodes()) {
      Host host = NodeNames.hostOf(node, hosts);
      String role = state.cluster().roleOf(node);
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("consul_node", node);
      facts.put("role", role);
      facts.put("health", state.healthOf(node));
      facts.put("promote", state.flag(node, RoleFlag.Kind.PROMOTE));
      facts.put("demote", state.flag(node, RoleFlag.Kind.DEMOTE));
      members.add(new ClusterMember(host == null ? null : host.name(), node, List.of(role), facts));
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "consul "
            + s.clusterKey()
            + (s.datacenter() == null ? "" : " in " + s.datacenter())
            + ": "
            + state.describe());
    if (!state.flagsSet().isEmpty()) {
      notes.add(
          "promote/demote flags set: "
              + String.join(", ", state.flagsSet())
              + " (a switchover is under way or was left half-way)");
    }
    if (state.locked()) {
      notes.add("the switchover lock " + s.lockKey() + " is held: " + state.lock().value());
    }
    return new ClusterView(members, notes);
  }
}

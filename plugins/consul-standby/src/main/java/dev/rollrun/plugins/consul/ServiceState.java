package dev.rollrun.plugins.consul;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Consul says about an active/standby service right now: its cluster key, every node's promote
 * and demote flags, the health of each node and who holds the switchover lock.
 *
 * @param cluster {@code cluster/<environment>/<service>}
 * @param flags each node's flags as stored (a missing key is absent here, which counts as NULL)
 * @param health each node's health for the service: passing, warning or critical
 * @param lock the switchover lock key, or null when it does not exist
 */
record ServiceState(
    ServiceCluster cluster,
    Map<String, Map<RoleFlag.Kind, KvEntry>> flags,
    Map<String, String> health,
    KvEntry lock) {

  static ServiceState read(ConsulClient client) {
    ConsulSettings settings = client.settings();
    ServiceCluster cluster =
        ServiceCluster.of(settings.clusterKey(), client.read(settings.clusterKey()));
    Map<String, Map<RoleFlag.Kind, KvEntry>> flags = new LinkedHashMap<>();
    KvEntry lock = null;
    String prefix = settings.flagPrefix();
    for (KvEntry entry : client.list(prefix)) {
      String rest = entry.key().substring(prefix.length());
      if (entry.key().equals(settings.lockKey())) {
        lock = entry;
        continue;
      }
      int slash = rest.lastIndexOf('/');
      if (slash <= 0) {
        continue;
      }
      String node = rest.substring(0, slash);
      for (RoleFlag.Kind kind : RoleFlag.Kind.values()) {
        if (rest.substring(slash + 1).equals(kind.key())) {
          flags.computeIfAbsent(node, n -> new EnumMap<>(RoleFlag.Kind.class)).put(kind, entry);
        }
      }
    }
    return new ServiceState(cluster, flags, client.health(settings.service()), lock);
  }

  /** The value of a node's flag as stored, {@code NULL} when the key does not exist. */
  String flag(String node, RoleFlag.Kind kind) {
    KvEntry entry = flags.getOrDefault(node, Map.of()).get(kind);
    return entry == null || entry.value() == null ? "NULL" : entry.value().strip();
  }

  /** Every flag of a node of the cluster that is not NULL: {@code node2 promote=WAIT}. */
  List<String> flagsSet() {
    List<String> set = new ArrayList<>();
    for (String node : cluster.nodes()) {
      for (RoleFlag.Kind kind : RoleFlag.Kind.values()) {
        String value = flag(node, kind);
        if (RoleFlag.parse(value) != RoleFlag.NULL) {
          set.add(node + " " + kind.key() + "=" + value);
        }
      }
    }
    return set;
  }

  /** A node's health for the service, or {@code not registered}. */
  String healthOf(String node) {
    return health.getOrDefault(node, "not registered");
  }

  /** Every node of the cluster whose health is not passing: {@code node2 critical}. */
  List<String> notPassing() {
    List<String> bad = new ArrayList<>();
    for (String node : cluster.nodes()) {
      if (!"passing".equals(healthOf(node))) {
        bad.add(node + " " + healthOf(node));
      }
    }
    return bad;
  }

  /** Whether a session holds the switchover lock. */
  boolean locked() {
    return lock != null && lock.session() != null;
  }

  /** {@code active node1 (passing), standby node2 (passing)}. */
  String describe() {
    return "active "
        + describe(cluster.active())
        + ", standby "
        + (cluster.standby().isEmpty() ? "none" : describe(cluster.standby()));
  }

  private String describe(List<String> nodes) {
    List<String> parts = new ArrayList<>();
    nodes.forEach(n -> parts.add(n + " (" + healthOf(n) + ")"));
    return String.join(", ", parts);
  }
}

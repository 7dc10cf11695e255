package dev.rollrun.plugins.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a switchover moves: the active node {@code from} becomes a standby, the standby {@code to}
 * becomes the active; and the cluster key as it was before, at {@code index}. Journaled by rollrun
 * before anything changes (the switchover wrapper's saved value), so that its after side (and
 * {@code rollrun resume}, from the lock's value) can tell a switchover that got past its point of
 * no return (the cluster key switched) from one that did not.
 *
 * <pre>
 * {"from": "node1", "to": "node2", "active": ["node1"], "standby": ["node2"], "index": 42}
 * </pre>
 */
record SwitchoverPlan(
    String from, String to, List<String> active, List<String> standby, long index) {

  SwitchoverPlan {
    active = List.copyOf(active);
    standby = List.copyOf(standby);
  }

  /**
   * The switchover away from {@code from}, which must be the one active node, to {@code wanted} or,
   * without it, to the only standby.
   */
  static SwitchoverPlan of(ServiceCluster cluster, String from, String wanted) {
    if (!cluster.active().equals(List.of(from))) {
      throw new ConsulException(
          from
              + " is not the active node of "
              + cluster.key()
              + " ("
              + cluster.describe()
              + "): a switchover rolls the active node alone (--limit active)");
    }
    String to;
    if (wanted != null) {
      if (!cluster.standby().contains(wanted)) {
        throw new ConsulException(
            "settings.switchover.to names "
                + wanted
                + ", which is not a standby of "
                + cluster.key()
                + " ("
                + cluster.describe()
                + ")");
      }
      to = wanted;
    } else if (cluster.standby().size() == 1) {
      to = cluster.standby().get(0);
    } else if (cluster.standby().isEmpty()) {
      throw new ConsulException(cluster.key() + " has no standby node to promote");
    } else {
      throw new ConsulException(
          cluster.key()
              + " has "
              + cluster.standby().size()
              + " standby nodes ("
              + String.join(", ", cluster.standby())
              + "): settings.switchover.to names the one to promote");
    }
    return new SwitchoverPlan(from, to, cluster.active(), cluster.standby(), cluster.modifyIndex());
  }

  String json() {
    ObjectNode node = ConsulClient.JSON.createObjectNode();
    node.put("from", from);
    node.put("to", to);
    active.forEach(node.putArray("active")::add);
    standby.forEach(node.putArray("standby")::add);
    node.put("index", index);
    return node.toString();
  }

  static SwitchoverPlan parse(String saved) {
    try {
      JsonNode node = ConsulClient.JSON.readTree(saved);
      return new SwitchoverPlan(
          node.path("from").asText(),
          node.path("to").asText(),
          texts(node.path("active")),
          texts(node.path("standby")),
          node.path("index").asLong());
    } catch (JsonProcessingException e) {
      throw new ConsulException("the switchover's journaled value is not its plan: " + saved);
    }
  }

  private static List<String> texts(JsonNode list) {
    List<String> texts = new ArrayList<>();
    list.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  /** Whether {@code cluster} has the roles this switchover leads to. */
  boolean doneIn(ServiceCluster cluster) {
    return cluster.active().contains(to)
        && !cluster.active().contains(from)
        && cluster.standby().contains(from);
  }

  /** Whether {@code cluster} still has the roles this switchover started from. */
  boolean notStartedIn(ServiceCluster cluster) {
    return cluster.active().equals(active) && cluster.standby().equals(standby);
  }
}

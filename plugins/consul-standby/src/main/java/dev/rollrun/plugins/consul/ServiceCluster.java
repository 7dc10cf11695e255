package dev.rollrun.plugins.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of {@code cluster/<environment>/<service>}: which nodes are active and which standby,
 * as PowerConsul keeps it,
 *
 * <pre>
 * {"active_nodes": ["node1"], "standby_nodes": ["node2"]}
 * </pre>
 *
 * with the key's modify index, so that switching the roles is one check-and-set: it fails when
 * anyone changed the key in between. Other fields of the value are kept as they are.
 *
 * @param key the key it was read from
 * @param active {@code active_nodes}
 * @param standby {@code standby_nodes}
 * @param value the whole value, as read
 * @param modifyIndex the key's modify index
 */
record ServiceCluster(
    String key, List<String> active, List<String> standby, ObjectNode value, long modifyIndex) {

  ServiceCluster {
    active = List.copyOf(active);
    standby = List.copyOf(standby);
  }

  /**
   * @throws ConsulException when the key is missing or its value is not PowerConsul's cluster JSON
   */
  static ServiceCluster of(String key, KvRead read) {
    if (read.entry() == null) {
      throw new ConsulException(
          "Consul has no key "
              + key
              + ": it holds the service's nodes, {\"active_nodes\": [...], \"standby_nodes\":"
              + " [...]}");
    }
    String text = read.value() == null ? "" : read.value();
    JsonNode value;
    try {
      value = ConsulClient.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConsulException(key + " is not JSON: " + shorten(text));
    }
    if (!(value instanceof ObjectNode object)) {
      throw new ConsulException(key + " is not a JSON object: " + shorten(text));
    }
    List<String> active = names(object, "active_nodes", key);
    List<String> standby = names(object, "standby_nodes", key);
    if (active.isEmpty()) {
      throw new ConsulException(key + " names no active node: " + shorten(text));
    }
    for (String node : active) {
      if (standby.contains(node)) {
        throw new ConsulException(key + " names " + node + " both active and standby");
      }
    }
    return new ServiceCluster(key, active, standby, object, read.entry().modifyIndex());
  }

  private static List<String> names(ObjectNode value, String field, String key) {
    JsonNode list = value.path(field);
    if (list.isMissingNode() || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new ConsulException(key + ": " + field + " is not a list of node names");
    }
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(n.asText()));
    return names;
  }

  /** {@code active}, {@code standby} or null when the node is in neither list. */
  String roleOf(String node) {
    if (active.contains(node)) {
      return "active";
    }
    return standby.contains(node) ? "standby" : null;
  }

  /** Every node, active ones first. */
  List<String> nodes() {
    List<String> all = new ArrayList<>(active);
    all.addAll(standby);
    return all;
  }

  /**
   * The value with {@code to} active in {@code from}'s place and {@code from} standby in {@code
   * to}'s; every other node and field as it was.
   */
  String switched(String from, String to) {
    ObjectNode next = value.deepCopy();
    ArrayNode nextActive = next.putArray("active_nodes");
    ArrayNode nextStandby = next.putArray("standby_nodes");
    active.forEach(node -> nextActive.add(node.equals(from) ? to : node));
    standby.forEach(node -> nextStandby.add(node.equals(to) ? from : node));
    return next.toString();
  }

  /** {@code active node1, standby node2}. */
  String describe() {
    return "active "
        + (active.isEmpty() ? "none" : String.join(", ", active))
        + ", standby "
        + (standby.isEmpty() ? "none" : String.join(", ", standby));
  }

  private static String shorten(String text) {
    String line = text.strip();
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}

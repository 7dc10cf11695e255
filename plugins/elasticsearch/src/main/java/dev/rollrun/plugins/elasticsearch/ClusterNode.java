package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node as {@code GET _nodes} describes it. Elasticsearch names the master-eligible role {@code
 * master}; OpenSearch 2 names it {@code cluster_manager} (OpenSearch 1 said {@code master}). Data
 * roles are {@code data} or, with data tiers, {@code data_hot}, {@code data_warm}, {@code
 * data_cold}, {@code data_frozen}, {@code data_content}.
 *
 * @param startedAt when its JVM started ({@code jvm.start_time_in_millis}), 0 when unknown: a node
 *     that restarted has another
 */
record ClusterNode(
    String id,
    String name,
    List<String> roles,
    List<String> addresses,
    String version,
    long startedAt) {

  /**
   * What rollrun asks {@code _nodes} for: names, roles, addresses and JVM start times, nothing else
   * (the full answer of a large cluster runs into megabytes).
   */
  static final String PATH =
      "/_nodes/http,jvm?filter_path=nodes.*.name,nodes.*.host,nodes.*.ip,nodes.*.version,"
          + "nodes.*.roles,nodes.*.transport_address,nodes.*.http.publish_address,"
          + "nodes.*.jvm.start_time_in_millis";

  ClusterNode {
    roles = List.copyOf(roles);
    addresses = List.copyOf(addresses);
  }

  /** Every node of a {@code _nodes} answer, in the answer's order. */
  static List<ClusterNode> parse(JsonNode answer) {
    List<ClusterNode> nodes = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = answer.path("nodes").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      JsonNode node = entry.getValue();
      List<String> roles = new ArrayList<>();
      node.path("roles").forEach(r -> roles.add(r.asText()));
      Set<String> addresses = new LinkedHashSet<>();
      addIfPresent(addresses, node.path("host").asText(""));
      addIfPresent(addresses, node.path("ip").asText(""));
      addIfPresent(addresses, hostOf(node.path("transport_address").asText("")));
      addIfPresent(addresses, hostOf(node.path("http").path("publish_address").asText("")));
      nodes.add(
          new ClusterNode(
              entry.getKey(),
              node.path("name").asText(entry.getKey()),
              roles,
              List.copyOf(addresses),
              node.path("version").asText(""),
              node.path("jvm").path("start_time_in_millis").asLong(0)));
    }
    return List.copyOf(nodes);
  }

  private static void addIfPresent(Set<String> addresses, String address) {
    if (!address.isBlank()) {
      addresses.add(address);
    }
  }

  /**
   * {@code 10.0.0.5} of {@code 10.0.0.5:9300}, {@code es-1/10.0.0.5:9300} (a publish address with
   * its host name) or {@code [::1]:9300}.
   */
  static String hostOf(String address) {
    String text = address.strip();
    int slash = text.indexOf('/');
    if (slash >= 0) {
      text = text.substring(slash + 1);
    }
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      return end > 0 ? text.substring(1, end) : text;
    }
    int colon = text.lastIndexOf(':');
    return colon > 0 && text.indexOf(':') == colon ? text.substring(0, colon) : text;
  }

  boolean masterEligible() {
    return roles.contains("master") || roles.contains("cluster_manager");
  }

  boolean holdsData() {
    return roles.stream().anyMatch(r -> r.equals("data") || r.startsWith("data_"));
  }

  /**
   * Its data tier, the hottest when it has several: {@code hot}, {@code warm}, {@code cold}, {@code
   * frozen}; {@code content} or {@code data} for a node without tiers; null when it holds no data.
   */
  String tier() {
    for (String tier : List.of("hot", "content", "warm", "cold", "frozen")) {
      if (roles.contains("data_" + tier)) {
        return tier;
      }
    }
    return roles.contains("data") ? "data" : null;
  }
}

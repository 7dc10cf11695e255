package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the cluster which nodes it has: {@code GET /} (Elasticsearch or OpenSearch, which version),
 * {@code GET _nodes} (names, roles, addresses) and the elected master ({@code _cat/cluster_manager}
 * on OpenSearch 2, whose {@code _cat/master} is deprecated; {@code _cat/master} elsewhere), from
 * the first host that answers. Each node becomes a member matched to its inventory host ({@link
 * NodeMatching}), with its {@link RollRoles} and facts: {@code node_name}, {@code node_id}, {@code
 * node_roles} (as the cluster names them), {@code tier}, {@code elected}, {@code version}.
 */
final class Discovery {

  private final ClusterHttp http;

  Discovery(ClusterHttp http) {
    this.http = http;
  }

  ClusterView discover(List<Host> hosts) throws InterruptedException {
    if (hosts.isEmpty()) {
      throw new RollrunException("no host to ask for the cluster's nodes");
    }
    ClusterHttp.Answer root = http.get(hosts, "/");
    Dialect dialect = Dialect.of(root.json());
    // The node that answered first is asked the rest: one consistent view.
    List<Host> asked = new ArrayList<>(hosts);
    asked.remove(root.node());
    asked.add(0, root.node());
    List<ClusterNode> nodes = ClusterNode.parse(http.get(asked, ClusterNode.PATH).json());
    String electedId = electedMaster(asked, dialect);
    Map<ClusterNode, Optional<Host>> matched = NodeMatching.match(nodes, hosts);

    List<ClusterMember> members = new ArrayList<>();
    String electedName = null;
    for (Map.Entry<ClusterNode, Optional<Host>> entry : matched.entrySet()) {
      ClusterNode node = entry.getKey();
      boolean elected = node.id().equals(electedId);
      if (elected) {
        electedName = node.name() + entry.getValue().map(h -> " on " + h.name()).orElse("");
      }
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("node_name", node.name());
      facts.put("node_id", node.id());
      facts.put("node_roles", node.roles());
      facts.put(RollRoles.TIER_FACT, node.tier() == null ? "none" : node.tier());
      facts.put("elected", elected);
      facts.put("version", node.version());
      members.add(
          new ClusterMember(
              entry.getValue().map(Host::name).orElse(null),
              node.name(),
              RollRoles.of(node, elected),
              facts));
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        dialect.product()
            + " "
            + dialect.version()
            + ", cluster "
            + root.json().path("cluster_name").asText("?")
            + ": "
            + nodes.size()
            + " nodes, asked "
            + root.node().name());
    notes.add(
        "elected "
            + dialect.masterName()
            + ": "
            + (electedName == null ? "none (the cluster has no elected master)" : electedName));
    return new ClusterView(members, notes);
  }

  /** The id of the elected master, or null when there is none. */
  private String electedMaster(List<Host> asked, Dialect dialect) throws InterruptedException {
    JsonNode answer = http.get(asked, dialect.electedMasterPath()).json();
    if (answer.isArray() && answer.size() > 0) {
      return answer.get(0).path("id").asText(null);
    }
    return null;
  }
}

package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import java.util.List;
import java.util.Optional;

/** Which node of the cluster a host runs: the one discovery recorded, else matched now. */
final class ThisNode {

  private ThisNode() {}

  /** The node {@code host} runs, asking the cluster through {@code host} first. */
  static ClusterNode of(ClusterHttp http, Host host) throws InterruptedException {
    List<ClusterNode> nodes =
        ClusterNode.parse(http.get(http.startingWith(host), ClusterNode.PATH).json());
    Object id = RollRoles.fact(host, "node_id");
    if (id != null) {
      Optional<ClusterNode> known = nodes.stream().filter(n -> n.id().equals(id)).findFirst();
      if (known.isPresent()) {
        return known.get();
      }
    }
    return NodeMatching.nodeOf(host, nodes, http.context().cluster())
        .orElseThrow(
            () ->
                new RollrunException(
                    host.name()
                        + ": no node of the cluster runs on this host (the cluster has "
                        + String.join(", ", nodes.stream().map(ClusterNode::name).toList())
                        + "); name it with the host variable "
                        + NodeMatching.NODE_VAR));
  }
}

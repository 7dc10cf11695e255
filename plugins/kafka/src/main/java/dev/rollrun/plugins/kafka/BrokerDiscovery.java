package dev.rollrun.plugins.kafka;

import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;

/**
 * Asks a Kafka cluster for its members: the registered brokers ({@code Admin.describeCluster}) and
 * the KRaft metadata quorum ({@code Admin.describeMetadataQuorum}), each matched to its inventory
 * host ({@link InventoryMatch}).
 *
 * <p>Each member's roles: {@value #BROKER} (registered as a broker), {@value #CONTROLLER} (a KRaft
 * voter, or ZooKeeper mode's active controller), {@value #QUORUM_LEADER} (the KRaft quorum leader)
 * and {@value #ACTIVE_CONTROLLER} (the active controller, in either mode). Its facts: {@value
 * #BROKER_ID}, {@value #ADVERTISED} (its first endpoint) and {@value #RACK} when it has one.
 */
final class BrokerDiscovery {

  static final String BROKER = "broker";
  static final String CONTROLLER = "controller";
  static final String QUORUM_LEADER = "quorum-leader";
  static final String ACTIVE_CONTROLLER = "active-controller";

  static final String BROKER_ID = "broker_id";
  static final String ADVERTISED = "advertised";
  static final String RACK = "rack";

  private BrokerDiscovery() {}

  /** Asks the cluster through {@code connection}. */
  static ClusterDescription describe(AdminConnection connection) throws InterruptedException {
    var cluster =
        connection
            .admin()
            .describeCluster(new DescribeClusterOptions().timeoutMs(connection.timeoutMillis()));
    String clusterId = connection.get(cluster.clusterId(), "describing the cluster");
    Collection<Node> brokers = connection.get(cluster.nodes(), "listing the brokers");
    Map<Integer, KafkaNode> nodes = new LinkedHashMap<>();
    brokers.stream()
        .sorted(Comparator.comparingInt(Node::id))
        .forEach(
            b ->
                nodes.put(
                    b.id(),
                    new KafkaNode(b.id(), true, List.of(endpoint(b.host(), b.port())), b.rack())));
    QuorumInfo quorum =
        connection.getIfSupported(
            connection.admin().describeMetadataQuorum().quorumInfo(),
            "describing the metadata quorum");
    if (quorum == null) {
      // ZooKeeper mode: no metadata quorum; describeCluster names the active controller.
      Node controller = connection.get(cluster.controller(), "finding the controller");
      return new ClusterDescription(
          clusterId, List.copyOf(nodes.values()), null, controller == null ? -1 : controller.id());
    }
    Set<Integer> voters = new LinkedHashSet<>();
    quorum.voters().forEach(v -> voters.add(v.replicaId()));
    Set<Integer> observers = new LinkedHashSet<>();
    quorum.observers().forEach(o -> observers.add(o.replicaId()));
    for (int voter : voters) {
      if (!nodes.containsKey(voter)) {
        QuorumInfo.Node known = quorum.nodes().get(voter);
        List<String> endpoints =
            known == null
                ? List.of()
                : known.endpoints().stream()
                    .map(e -> endpoint(e.host(), e.port()))
                    .distinct()
                    .toList();
        nodes.put(voter, new KafkaNode(voter, false, endpoints, null));
      }
    }
    return new ClusterDescription(
        clusterId,
        List.copyOf(nodes.values()),
        new ClusterDescription.Quorum(quorum.leaderId(), quorum.leaderEpoch(), voters, observers),
        -1);
  }

  /**
   * The cluster as rollrun's discovery takes it: one member per node, matched to its host or not,
   * and notes naming the source, the leader, and every node and host left unmatched.
   */
  static ClusterView view(
      ClusterDescription cluster, InventoryMatch.Result match, String bootstrap) {
    List<ClusterMember> members = new ArrayList<>();
    for (KafkaNode node : cluster.nodes()) {
      String host = match.hostOf().get(node.id());
      if (!node.broker() && host == null) {
        continue; // a controller the inventory does not list is not rolled: noted below
      }
      members.add(
          new ClusterMember(host, String.valueOf(node.id()), roles(cluster, node), facts(node)));
    }
    List<String> notes = new ArrayList<>();
    notes.add(summary(cluster, bootstrap));
    notes.addAll(match.notes());
    return new ClusterView(members, notes);
  }

  private static List<String> roles(ClusterDescription cluster, KafkaNode node) {
    List<String> roles = new ArrayList<>();
    if (node.broker()) {
      roles.add(BROKER);
    }
    boolean active = cluster.activeController() == node.id();
    if (cluster.kraft() ? cluster.quorum().voters().contains(node.id()) : active) {
      roles.add(CONTROLLER);
    }
    if (cluster.kraft() && active) {
      roles.add(QUORUM_LEADER);
    }
    if (active) {
      roles.add(ACTIVE_CONTROLLER);
    }
    return roles;
  }

  private static Map<String, Object> facts(KafkaNode node) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put(BROKER_ID, node.id());
    if (!node.endpoints().isEmpty()) {
      facts.put(ADVERTISED, node.endpoints().get(0));
    }
    if (node.rack() != null) {
      facts.put(RACK, node.rack());
    }
    return facts;
  }

  private static String summary(ClusterDescription cluster, String bootstrap) {
    String brokers =
        cluster.nodes().stream()
            .filter(KafkaNode::broker)
            .map(n -> String.valueOf(n.id()))
            .collect(Collectors.joining(", "));
    StringBuilder line =
        new StringBuilder("kafka cluster ")
            .append(cluster.clusterId())
            .append(" (asked ")
            .append(bootstrap)
            .append("): brokers ")
            .append(brokers.isEmpty() ? "none" : brokers);
    if (cluster.kraft()) {
      ClusterDescription.Quorum quorum = cluster.quorum();
      line.append("; KRaft quorum voters ")
          .append(
              quorum.voters().stream()
                  .sorted()
                  .map(String::valueOf)
                  .collect(Collectors.joining(", ")))
          .append(", leader ")
          .append(quorum.leader() < 0 ? "none" : String.valueOf(quorum.leader()))
          .append(" (epoch ")
          .append(quorum.epoch())
          .append(")");
    } else {
      line.append("; ZooKeeper mode, active controller ")
          .append(cluster.zkController() < 0 ? "none" : String.valueOf(cluster.zkController()));
    }
    return line.toString();
  }

  /** The hosts' claim on the nodes, then the view; what {@code discover()} returns. */
  static ClusterView discover(AdminConnection connection, List<Host> hosts)
      throws InterruptedException {
    ClusterDescription cluster = describe(connection);
    return view(
        cluster, new InventoryMatch().match(cluster.nodes(), hosts), connection.bootstrap());
  }

  static String endpoint(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

package dev.rollrun.plugins.kafka;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * "Safe to stop?": reads every partition's replicas and in-sync replicas and every topic's {@code
 * min.insync.replicas} through the Admin client and refuses to stop a broker that would leave one
 * of its partitions below that minimum ({@link PartitionSafety}). Asked right before each broker's
 * stop and, in a dry run, for every broker.
 */
final class InSyncReplicasCheck implements StopCheck {

  static final String NAME = "in-sync replicas";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict check(TaskContext context, TaskArgs args) throws Exception {
    KafkaSettings settings = KafkaSettings.of(args);
    Host host = context.host();
    try (AdminConnection connection =
        AdminConnection.open(settings, settings.bootstrapFor(List.of(host)))) {
      int broker = brokerOf(host, connection);
      return PartitionSafety.verdict(broker, partitions(connection));
    }
  }

  /** The broker id of {@code host}: discovered, from its var, or matched by its address. */
  static int brokerOf(Host host, AdminConnection connection) throws InterruptedException {
    Integer known = DiscoveredFacts.brokerId(host);
    if (known != null) {
      return known;
    }
    Collection<Node> brokers =
        connection.get(connection.admin().describeCluster().nodes(), "listing the brokers");
    List<KafkaNode> nodes =
        brokers.stream()
            .map(
                b ->
                    new KafkaNode(
                        b.id(),
                        true,
                        List.of(BrokerDiscovery.endpoint(b.host(), b.port())),
                        b.rack()))
            .toList();
    InventoryMatch.Result match = new InventoryMatch().match(nodes, List.of(host));
    return match.hostOf().entrySet().stream()
        .filter(e -> e.getValue().equals(host.name()))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(
            () ->
                new RollrunException(
                    "kafka: cannot tell which broker "
                        + host.name()
                        + " is: "
                        + String.join("; ", match.notes())));
  }

  /** Every partition of every topic (internal ones too), with its topic's minimum ISR. */
  static List<PartitionState> partitions(AdminConnection connection) throws InterruptedException {
    Set<String> topics =
        connection.get(
            connection.admin().listTopics(new ListTopicsOptions().listInternal(true)).names(),
            "listing the topics");
    if (topics.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> descriptions =
        connection.get(
            connection.admin().describeTopics(topics).allTopicNames(), "describing the topics");
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs =
        connection.get(
            connection.admin().describeConfigs(resources).all(), "reading the topics' configs");
    List<PartitionState> partitions = new ArrayList<>();
    for (TopicDescription topic : descriptions.values()) {
      int minIsr = minIsr(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())));
      for (TopicPartitionInfo p : topic.partitions()) {
        partitions.add(
            new PartitionState(
                topic.name(),
                p.partition(),
                p.replicas().stream().map(Node::id).toList(),
                p.isr().stream().map(Node::id).toList(),
                p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id(),
                minIsr));
      }
    }
    return partitions;
  }

  private static int minIsr(Config config) {
    ConfigEntry entry = config == null ? null : config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    if (entry == null || entry.value() == null) {
      return 1; // Kafka's default
    }
    return Integer.parseInt(entry.value().strip());
  }
}

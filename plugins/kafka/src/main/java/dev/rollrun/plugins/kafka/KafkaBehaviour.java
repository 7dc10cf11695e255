package dev.rollrun.plugins.kafka;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.util.List;
import org.pf4j.Extension;

/**
 * Kafka, rolled as the Kafka rolling-restart tool rolls it, and then some:
 *
 * <ul>
 *   <li>discovery asks the cluster for its brokers and its KRaft quorum through the Admin client
 *       and matches them to the inventory ({@link BrokerDiscovery});
 *   <li>brokers roll by id, the active controller (KRaft quorum leader) last ({@link RollOrder});
 *   <li>before every broker and after each, the whole cluster must have no under-replicated and no
 *       offline partition and every broker must be running, read over JMX from every broker, 12
 *       checks in a row 10 s apart, 10 minutes at most (the tool's defaults);
 *   <li>a broker is stopped only when none of its partitions would fall below {@code
 *       min.insync.replicas} ({@link InSyncReplicasCheck}).
 * </ul>
 */
@Extension
public final class KafkaBehaviour implements ClusterBehaviour {

  public static final String ID = "kafka";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String defaultStopCommand() {
    return "systemctl stop {{ service.name | default('kafka') }}";
  }

  @Override
  public String defaultStartCommand() {
    return "systemctl start {{ service.name | default('kafka') }}";
  }

  /**
   * Read over each broker's JMX port (the host's {@code jmx_port} var, default 9999). A restarted
   * broker reports no under-replicated partition of its own long before its peers stop counting its
   * partitions: hence the sum over every broker, in which a broker without the metric yet is
   * unhealthy, never 0.
   */
  @Override
  public String defaultHealth() {
    return """
        interval: 10s
        consecutive: 12
        timeout: 600s
        all:
          - jmx:
              name: URP
              mbean: "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions"
              attribute: Value
              port: "{{ host.vars.jmx_port | default(9999) }}"
              across: all-nodes
              sum: { equals: 0 }
          - jmx:
              name: offline partitions
              mbean: "kafka.controller:type=KafkaController,name=OfflinePartitionsCount"
              attribute: Value
              port: "{{ host.vars.jmx_port | default(9999) }}"
              across: all-nodes
              max: { equals: 0 }
          - jmx:
              name: broker running
              mbean: "kafka.server:type=KafkaServer,name=BrokerState"
              attribute: Value
              port: "{{ host.vars.jmx_port | default(9999) }}"
              equals: 3
              across: all-nodes
              all: true
        """;
  }

  @Override
  public List<Host> order(List<Host> hosts) {
    return RollOrder.order(hosts);
  }

  @Override
  public ClusterView discover(TaskContext context, TaskArgs args, List<Host> hosts)
      throws Exception {
    KafkaSettings settings = KafkaSettings.of(args);
    try (AdminConnection connection =
        AdminConnection.open(settings, settings.bootstrapFor(hosts))) {
      return BrokerDiscovery.discover(connection, hosts);
    }
  }

  @Override
  public List<StopCheck> stopChecks() {
    return List.of(new InSyncReplicasCheck());
  }

  @Override
  public String settingsSchema() {
    return KafkaSettings.SCHEMA;
  }
}

package dev.rollrun.plugins.kafka;

import java.util.List;

/**
 * One partition as the "safe to stop?" check sees it.
 *
 * @param topic the topic
 * @param partition the partition number
 * @param replicas the brokers that hold a replica, the preferred leader first
 * @param isr the in-sync replicas
 * @param leader the leader's broker id, or -1 when the partition has none (offline)
 * @param minIsr the topic's {@code min.insync.replicas}
 */
record PartitionState(
    String topic,
    int partition,
    List<Integer> replicas,
    List<Integer> isr,
    int leader,
    int minIsr) {

  PartitionState {
    replicas = List.copyOf(replicas);
    isr = List.copyOf(isr);
  }

  /** {@code orders-3}, as Kafka's tools name a partition. */
  String name() {
    return topic + "-" + partition;
  }
}

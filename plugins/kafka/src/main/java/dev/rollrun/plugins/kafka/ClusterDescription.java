package dev.rollrun.plugins.kafka;

import java.util.List;
import java.util.Set;

/**
 * What the cluster says about itself: its id, its nodes and who leads.
 *
 * @param clusterId the cluster id
 * @param nodes the registered brokers, then the KRaft controllers not registered as brokers
 * @param quorum the KRaft metadata quorum, or null for a cluster in ZooKeeper mode
 * @param zkController the active controller of a ZooKeeper-mode cluster, or -1
 */
record ClusterDescription(
    String clusterId, List<KafkaNode> nodes, Quorum quorum, int zkController) {

  ClusterDescription {
    nodes = List.copyOf(nodes);
  }

  /**
   * The KRaft metadata quorum.
   *
   * @param leader the quorum leader's id (the active controller), -1 when there is none
   * @param epoch the leader epoch
   * @param voters the voters' ids
   * @param observers the observers' ids (brokers that only follow the metadata log)
   */
  record Quorum(int leader, long epoch, Set<Integer> voters, Set<Integer> observers) {
    Quorum {
      voters = Set.copyOf(voters);
      observers = Set.copyOf(observers);
    }
  }

  /** The active controller: the KRaft quorum leader, or ZooKeeper mode's controller; -1 if none. */
  int activeController() {
    return quorum != null ? quorum.leader() : zkController;
  }

  boolean kraft() {
    return quorum != null;
  }
}

package dev.rollrun.plugins.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerDiscoveryTest {

  private static KafkaNode broker(int id) {
    return new KafkaNode(id, true, List.of("10.0.0." + id + ":9092"), id == 1 ? "r1" : null);
  }

  @Test
  void kraftMembersCarryTheirRolesAndFactsTheLeaderNamed() {
    ClusterDescription cluster =
        new ClusterDescription(
            "abc",
            List.of(broker(1), broker(2), broker(3)),
            new ClusterDescription.Quorum(2, 7, Set.of(1, 2, 3), Set.of()),
            -1);
    ClusterView view =
        BrokerDiscovery.view(
            cluster,
            new InventoryMatch.Result(
                Map.of(1, "k1", 2, "k2"),
                List.of("broker 3 (10.0.0.3:9092): no inventory host of the roll matches it")),
            "k1:9092");
    assertEquals(
        List.of(
            new ClusterMember(
                "k1",
                "1",
                List.of("broker", "controller"),
                Map.of("broker_id", 1, "advertised", "10.0.0.1:9092", "rack", "r1")),
            new ClusterMember(
                "k2",
                "2",
                List.of("broker", "controller", "quorum-leader", "active-controller"),
                Map.of("broker_id", 2, "advertised", "10.0.0.2:9092")),
            new ClusterMember(
                null,
                "3",
                List.of("broker", "controller"),
                Map.of("broker_id", 3, "advertised", "10.0.0.3:9092"))),
        view.members());
    assertEquals(
        List.of(
            "kafka cluster abc (asked k1:9092): brokers 1, 2, 3; KRaft quorum voters 1, 2, 3, leader 2 (epoch 7)",
            "broker 3 (10.0.0.3:9092): no inventory host of the roll matches it"),
        view.notes());
  }

  @Test
  void zooKeeperModeNamesTheActiveController() {
    ClusterDescription cluster =
        new ClusterDescription("zk", List.of(broker(1), broker(2)), null, 2);
    ClusterView view =
        BrokerDiscovery.view(
            cluster, new InventoryMatch.Result(Map.of(1, "k1", 2, "k2"), List.of()), "k1:9092");
    assertEquals(List.of("broker"), view.members().get(0).roles());
    assertEquals(
        List.of("broker", "controller", "active-controller"), view.members().get(1).roles());
    assertEquals(
        "kafka cluster zk (asked k1:9092): brokers 1, 2; ZooKeeper mode, active controller 2",
        view.notes().get(0));
  }

  @Test
  void aControllerTheInventoryDoesNotListIsNoMember() {
    ClusterDescription cluster =
        new ClusterDescription(
            "abc",
            List.of(broker(1), new KafkaNode(100, false, List.of("10.0.0.100:9093"), null)),
            new ClusterDescription.Quorum(100, 3, Set.of(100), Set.of(1)),
            -1);
    ClusterView unlisted =
        BrokerDiscovery.view(
            cluster, new InventoryMatch.Result(Map.of(1, "k1"), List.of()), "k1:9092");
    assertEquals(List.of("1"), unlisted.members().stream().map(ClusterMember::id).toList());
    ClusterView listed =
        BrokerDiscovery.view(
            cluster, new InventoryMatch.Result(Map.of(1, "k1", 100, "ctl"), List.of()), "k1:9092");
    assertEquals(
        List.of("controller", "quorum-leader", "active-controller"),
        listed.members().get(1).roles());
  }
}

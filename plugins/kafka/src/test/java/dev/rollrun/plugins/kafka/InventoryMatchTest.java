package dev.rollrun.plugins.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InventoryMatchTest {

  /** Names resolve only as this table says: no DNS in unit tests. */
  private final InventoryMatch match =
      new InventoryMatch(
          name ->
              switch (name) {
                case "kafka-1.internal", "10.0.0.1" -> Set.of("10.0.0.1");
                case "kafka-2.internal", "10.0.0.2" -> Set.of("10.0.0.2");
                default -> Set.of();
              });

  private static Host host(String name, String address, Map<String, Object> vars) {
    return new Host(name, address, 22, null, null, List.of(), null, null, vars);
  }

  private static KafkaNode broker(int id, String endpoint) {
    return new KafkaNode(id, true, List.of(endpoint), null);
  }

  @Test
  void brokersMatchTheirHostsByAddressNameOrResolvedAddress() {
    InventoryMatch.Result result =
        match.match(
            List.of(
                broker(1, "kafka-1.internal:9092"),
                broker(2, "10.0.0.2:9092"),
                broker(3, "KAFKA-3:9092")),
            List.of(
                host("k1", "10.0.0.1", Map.of()),
                host("k2", "10.0.0.2", Map.of()),
                host("kafka-3", "192.0.2.3", Map.of())));
    assertEquals(Map.of(1, "k1", 2, "k2", 3, "kafka-3"), result.hostOf());
    assertEquals(List.of(), result.notes());
  }

  @Test
  void aBrokerIdVarWinsOverTheAddress() {
    InventoryMatch.Result result =
        match.match(
            List.of(broker(1, "10.0.0.1:9092"), broker(2, "10.0.0.1:9093")),
            List.of(
                host("a", "10.0.0.1", Map.of("broker.id", 2)),
                host("b", "10.0.0.1", Map.of("broker.id", "1"))));
    assertEquals(Map.of(2, "a", 1, "b"), result.hostOf());
  }

  @Test
  void twoBrokersOnOneHostWithoutBrokerIdsAreLeftUnmatchedAndSaidWhy() {
    InventoryMatch.Result result =
        match.match(
            List.of(broker(1, "10.0.0.1:9092"), broker(2, "10.0.0.1:9093")),
            List.of(host("a", "10.0.0.1", Map.of())));
    assertEquals(Map.of(), result.hostOf());
    assertEquals(
        List.of(
            "a: broker 1 (10.0.0.1:9092), broker 2 (10.0.0.1:9093) all run on it; give the host a"
                + " broker.id var to say which one it is"),
        result.notes());
  }

  @Test
  void aBrokerTwoHostsClaimIsLeftUnmatched() {
    InventoryMatch.Result result =
        match.match(
            List.of(broker(1, "10.0.0.1:9092")),
            List.of(host("a", "10.0.0.1", Map.of()), host("b", "kafka-1.internal", Map.of())));
    assertEquals(Map.of(), result.hostOf());
    assertEquals(
        List.of(
            "broker 1 (10.0.0.1:9092) is claimed by a, b; each broker must be one inventory host"
                + " (check their broker.id vars and addresses)"),
        result.notes());
  }

  @Test
  void brokersAndHostsWithoutTheirCounterpartAreNamed() {
    InventoryMatch.Result result =
        match.match(
            List.of(broker(1, "10.0.0.1:9092"), broker(4, "10.0.0.4:9092")),
            List.of(
                host("a", "10.0.0.1", Map.of()),
                host("b", "10.0.0.2", Map.of()),
                host("c", "10.0.0.3", Map.of("broker.id", 7))));
    assertEquals(Map.of(1, "a"), result.hostOf());
    assertEquals(
        List.of(
            "b (10.0.0.2): no broker of the cluster advertises this host (brokers: broker 1"
                + " (10.0.0.1:9092), broker 4 (10.0.0.4:9092)); give the host a broker.id var if"
                + " it is known by another name",
            "c: its broker.id is 7, which the cluster does not list (brokers: 1, 4)",
            "broker 4 (10.0.0.4:9092): no inventory host of the roll matches it"),
        result.notes());
  }

  @Test
  void aControllerThatIsNoBrokerIsMatchedWhenTheInventoryListsItAndOnlyNotedOtherwise() {
    KafkaNode controller = new KafkaNode(100, false, List.of("10.0.0.100:9093"), null);
    InventoryMatch.Result listed =
        match.match(
            List.of(broker(1, "10.0.0.1:9092"), controller),
            List.of(host("a", "10.0.0.1", Map.of()), host("ctl", "10.0.0.100", Map.of())));
    assertEquals(Map.of(1, "a", 100, "ctl"), listed.hostOf());
    InventoryMatch.Result unlisted =
        match.match(
            List.of(broker(1, "10.0.0.1:9092"), controller),
            List.of(host("a", "10.0.0.1", Map.of())));
    assertEquals(Map.of(1, "a"), unlisted.hostOf());
    assertTrue(
        unlisted
            .notes()
            .get(0)
            .startsWith(
                "controller 100 (10.0.0.100:9093) is a KRaft controller but not a registered broker"),
        unlisted.notes().toString());
  }

  @Test
  void aBrokerAndADedicatedControllerOnOneMachineMakeTheHostTheBroker() {
    InventoryMatch.Result result =
        match.match(
            List.of(
                broker(1, "10.0.0.1:9092"),
                new KafkaNode(100, false, List.of("10.0.0.1:9093"), null)),
            List.of(host("a", "10.0.0.1", Map.of())));
    assertEquals(Map.of(1, "a"), result.hostOf());
  }
}

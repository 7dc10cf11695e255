package dev.rollrun.plugins.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RollOrderTest {

  private static Host discovered(String name, int id, String... roles) {
    return new Host(
        name,
        name,
        22,
        null,
        null,
        List.of(roles),
        null,
        null,
        Map.of("discovered", Map.of("broker_id", id)));
  }

  private static List<String> names(List<Host> hosts) {
    return hosts.stream().map(Host::name).toList();
  }

  @Test
  void brokersRollByIdTheQuorumLeaderLast() {
    List<Host> hosts =
        List.of(
            discovered("c", 3),
            discovered("a", 1, "broker", "controller", "quorum-leader", "active-controller"),
            discovered("b", 2),
            discovered("d", 10));
    assertEquals(List.of("b", "c", "d", "a"), names(RollOrder.order(hosts)));
  }

  @Test
  void flatDiscoveredVarsAndBrokerIdVarsCountToo() {
    Host flat =
        new Host(
            "x", "x", 22, null, null, List.of(), null, null, Map.of("discovered.broker_id", 5));
    Host declared =
        new Host("y", "y", 22, null, null, List.of(), null, null, Map.of("broker.id", "2"));
    Host unknown = new Host("z", "z", 22, null, null, List.of(), null, null, Map.of());
    assertEquals(List.of("y", "x", "z"), names(RollOrder.order(List.of(unknown, flat, declared))));
  }

  @Test
  void withoutIdsTheInventoryOrderStays() {
    List<Host> hosts = new ArrayList<>();
    for (String name : List.of("k3", "k1", "k2")) {
      hosts.add(new Host(name, name, 22, null, null, List.of(), null, null, Map.of()));
    }
    assertEquals(List.of("k3", "k1", "k2"), names(RollOrder.order(hosts)));
  }

  /** Whatever the inventory order: ids ascending, the leader last. */
  @Property
  void theLeaderIsLastAndTheOthersAscend(
      @ForAll @IntRange(min = 1, max = 30) int size,
      @ForAll @IntRange(min = 0, max = 29) int lead,
      @ForAll long seed) {
    int leader = lead % size;
    List<Host> hosts = new ArrayList<>();
    for (int id = 0; id < size; id++) {
      hosts.add(
          id == leader ? discovered("b" + id, id, "quorum-leader") : discovered("b" + id, id));
    }
    Collections.shuffle(hosts, new java.util.Random(seed));
    List<Host> ordered = RollOrder.order(hosts);
    assertEquals("b" + leader, ordered.get(size - 1).name());
    for (int i = 1; i < size - 1; i++) {
      assertEquals(
          true,
          DiscoveredFacts.brokerId(ordered.get(i - 1)) < DiscoveredFacts.brokerId(ordered.get(i)));
    }
  }
}

package dev.rollrun.plugins.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.Host;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollOrderTest {

  private static Host host(String name, String... roles) {
    return new Host(name, name, 22, null, null, List.of(roles), null, null, Map.of());
  }

  @Test
  void observersFirstThenFollowersTheLeaderLast() {
    List<Host> hosts =
        List.of(
            host("zk-1", "zookeeper", "leader"),
            host("zk-2", "zookeeper", "follower"),
            host("zk-3", "zookeeper", "observer"),
            host("zk-4", "zookeeper", "follower"));
    assertEquals(
        List.of("zk-3", "zk-2", "zk-4", "zk-1"),
        RollOrder.of(hosts).stream().map(Host::name).toList());
  }

  @Test
  void withoutDiscoveredRolesTheInventoryOrderStays() {
    List<Host> hosts = List.of(host("zk-2", "zookeeper"), host("zk-1", "zookeeper"));
    assertEquals(List.of("zk-2", "zk-1"), RollOrder.of(hosts).stream().map(Host::name).toList());
  }
}

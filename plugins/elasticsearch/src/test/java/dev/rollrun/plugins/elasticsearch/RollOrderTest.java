package dev.rollrun.plugins.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The roll order over any cluster shape: the elected master last, clients before standby masters
 * before data nodes, data nodes by tier (frozen, cold, warm, hot), inventory order kept within each
 * group; the nodes of the cluster from one discovery, a node's roles as {@link RollRoles} gives
 * them.
 */
class RollOrderTest {

  private final ElasticsearchBehaviour behaviour = new ElasticsearchBehaviour();

  /** A node the cluster reports: its roles as the cluster names them, elected or not. */
  record Shape(List<String> nodeRoles, boolean elected) {}

  @Provide
  Arbitrary<List<Shape>> clusters() {
    Arbitrary<List<String>> roles =
        Arbitraries.of(
                List.<String>of(),
                List.of("ingest"),
                List.of("master"),
                List.of("cluster_manager"),
                List.of("master", "data"),
                List.of("cluster_manager", "data", "ingest"),
                List.of("data"),
                List.of("data_hot", "data_content"),
                List.of("data_warm"),
                List.of("data_cold"),
                List.of("data_frozen"),
                List.of("data_cold", "data_warm"))
            .map(List::copyOf);
    return Combinators.combine(roles.list().ofMinSize(1).ofMaxSize(12), Arbitraries.integers())
        .as(
            (all, electedSeed) -> {
              List<Integer> eligible = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                if (all.get(i).contains("master") || all.get(i).contains("cluster_manager")) {
                  eligible.add(i);
                }
              }
              int elected =
                  eligible.isEmpty()
                      ? -1
                      : eligible.get(Math.floorMod(electedSeed, eligible.size()));
              List<Shape> shapes = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                shapes.add(new Shape(all.get(i), i == elected));
              }
              return shapes;
            });
  }

  /** The inventory hosts as rollrun hands them to order() after discovery. */
  private static List<Host> discovered(List<Shape> cluster) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      Shape shape = cluster.get(i);
      ClusterNode node =
          new ClusterNode(
              "id" + i, "n" + i, shape.nodeRoles(), List.of("10.0.0." + i), "8.15.3", 0);
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("discovered", Map.of("tier", node.tier() == null ? "none" : node.tier()));
      hosts.add(
          FakeContext.withRoles(
              FakeContext.host("n" + i, "10.0.0." + i, Map.of()),
              RollRoles.of(node, shape.elected()),
              vars));
    }
    return hosts;
  }

  @Property
  void theElectedMasterRollsLastAndEveryNodeRollsOnce(@ForAll("clusters") List<Shape> cluster) {
    List<Host> hosts = discovered(cluster);
    List<Host> ordered = behaviour.order(hosts);
    assertEquals(
        hosts.stream().map(Host::name).sorted().toList(),
        ordered.stream().map(Host::name).sorted().toList());
    for (int i = 0; i < ordered.size() - 1; i++) {
      assertTrue(!ordered.get(i).hasRole(RollRoles.ACTIVE), ordered.get(i) + " is not last");
    }
  }

  @Property
  void clientsThenStandbyMastersThenDataByTierKeepingInventoryOrderWithin(
      @ForAll("clusters") List<Shape> cluster) {
    List<Host> hosts = discovered(cluster);
    List<Host> ordered = behaviour.order(hosts);
    Comparator<Host> expected =
        Comparator.comparingInt(RollRoles::rank)
            .thenComparingInt(h -> RollRoles.rank(h) == 2 ? RollRoles.tierRank(h) : 0)
            .thenComparingInt(hosts::indexOf);
    List<Host> sorted = new ArrayList<>(hosts);
    sorted.sort(expected);
    assertEquals(sorted, ordered);
  }

  @Test
  void aMasterEligibleDataNodeIsAStandbyMasterAndADataNodeAndRollsWithTheData() {
    ClusterNode node =
        new ClusterNode(
            "x", "es-1", List.of("cluster_manager", "data", "ingest"), List.of(), "2.19.6", 0);
    assertEquals(List.of("masters", "data", "almost", "all"), RollRoles.of(node, false));
    assertEquals(List.of("active", "all"), RollRoles.of(node, true));
    Host host =
        FakeContext.withRoles(
            FakeContext.host("es-1", "10.0.0.1", Map.of()), RollRoles.of(node, false), Map.of());
    assertEquals(2, RollRoles.rank(host));
  }

  @Test
  void withoutDiscoveryTheInventoryOrderIsKept() {
    List<Host> hosts =
        List.of(
            FakeContext.host("es-3", "10.0.0.3", Map.of()),
            FakeContext.host("es-1", "10.0.0.1", Map.of()),
            FakeContext.host("es-2", "10.0.0.2", Map.of()));
    assertEquals(hosts, behaviour.order(hosts));
  }

  @Test
  void theDataTiersRollColdestFirstAndAHostsHottestTierCounts() {
    ClusterNode coldAndWarm =
        new ClusterNode("x", "n", List.of("data_cold", "data_warm"), List.of(), "8.15.3", 0);
    assertEquals("warm", coldAndWarm.tier());
    assertEquals(
        "hot",
        new ClusterNode("x", "n", List.of("data_content", "data_hot"), List.of(), "", 0).tier());
    assertEquals("data", new ClusterNode("x", "n", List.of("data"), List.of(), "", 0).tier());
  }
}

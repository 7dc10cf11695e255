package dev.rollrun.plugins.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading what the cluster says about its nodes, and finding the host each runs on. */
class NodeAnswersTest {

  @Test
  void anAddressIsTheHostOfEveryFormTheClusterWritesIt() {
    assertEquals("10.0.0.5", ClusterNode.hostOf("10.0.0.5:9300"));
    assertEquals("10.0.0.5", ClusterNode.hostOf("es-1.internal/10.0.0.5:9200"));
    assertEquals("::1", ClusterNode.hostOf("[::1]:9300"));
    assertEquals("10.0.0.5", ClusterNode.hostOf("10.0.0.5"));
  }

  @Test
  void theDialectFollowsTheDistributionAndItsVersion() throws Exception {
    Dialect opensearch2 =
        Dialect.of(
            ClusterHttp.JSON.readTree(
                "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.6\"}}"));
    Dialect opensearch1 =
        Dialect.of(
            ClusterHttp.JSON.readTree(
                "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"1.3.20\"}}"));
    Dialect elasticsearch7 =
        Dialect.of(
            ClusterHttp.JSON.readTree(
                "{\"version\":{\"number\":\"7.17.25\",\"build_flavor\":\"default\"}}"));
    assertEquals("/_cat/cluster_manager?format=json&h=id,node", opensearch2.electedMasterPath());
    assertEquals("/_cat/master?format=json&h=id,node", opensearch1.electedMasterPath());
    assertEquals("/_cat/master?format=json&h=id,node", elasticsearch7.electedMasterPath());
    assertEquals("cluster manager", opensearch2.masterName());
    assertEquals("Elasticsearch", elasticsearch7.product());
  }

  @Test
  void aNodeTwoHostsMatchEquallyIsLeftUnmatchedRatherThanGuessed() {
    ClusterNode node = new ClusterNode("x", "es-1", List.of("data"), List.of("10.0.0.1"), "", 0);
    Host a = FakeContext.host("es-1.eu", "10.9.0.1", Map.of());
    Host b = FakeContext.host("es-1.us", "10.9.0.2", Map.of());
    Map<ClusterNode, Optional<Host>> matched = NodeMatching.match(List.of(node), List.of(a, b));
    assertTrue(matched.get(node).isEmpty(), "es-1 could be either");
  }

  @Test
  void aHostVariableNamesTheNodeOutright() {
    ClusterNode node = new ClusterNode("x", "node-7f3a", List.of("data"), List.of(), "", 0);
    Host host = FakeContext.host("es-7", "10.9.0.7", Map.of(NodeMatching.NODE_VAR, "node-7f3a"));
    assertEquals(Optional.of(host), NodeMatching.match(List.of(node), List.of(host)).get(node));
  }
}

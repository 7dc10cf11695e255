package dev.rollrun.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.text.Redactor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterDiscoveryTest {

  private static Host host(String name, String... roles) {
    return new Host(
        name,
        "10.0.0." + name.charAt(name.length() - 1),
        22,
        null,
        null,
        List.of(roles),
        null,
        null,
        Map.of("zone", "a"));
  }

  private static final List<Host> HOSTS = List.of(host("k1", "kafka"), host("k2", "kafka"));

  private static ClusterMember member(String host, String id, String... roles) {
    return new ClusterMember(host, id, List.of(roles), Map.of("broker_id", id));
  }

  @Test
  void everyMismatchIsNamedInOneMessage() {
    ClusterView view =
        new ClusterView(
            List.of(member("k1", "1"), member("k1", "2"), member(null, "3"), member("zz", "4")),
            List.of());
    DiscoveryException e =
        assertThrows(
            DiscoveryException.class,
            () -> ClusterDiscovery.match("kafka", view, HOSTS, Redactor.NONE));
    String message = e.getMessage();
    assertTrue(message.contains("host k1 matches two cluster members: 1 and 2"), message);
    assertTrue(message.contains("cluster member 3 matches no host of the inventory"), message);
    assertTrue(
        message.contains("cluster member 4 runs on zz, which is not among the playbook's hosts"),
        message);
    assertTrue(
        message.contains(
            "host k2 is in the inventory but not in the cluster (it lists 1, 2, 3, 4)"),
        message);
  }

  @Test
  void aNodeTheContinuedRunLeftPartWayMayBeMissingFromTheClusterAndNoOtherMay() {
    ClusterView view = new ClusterView(List.of(member("k1", "1")), List.of());
    Map<String, ClusterMember> byHost =
        ClusterDiscovery.match("kafka", view, HOSTS, Set.of("k2"), Redactor.NONE);
    assertEquals(Set.of("k1"), byHost.keySet(), "k2, left stopped, has no member");

    DiscoveryException e =
        assertThrows(
            DiscoveryException.class,
            () -> ClusterDiscovery.match("kafka", view, HOSTS, Set.of("k1"), Redactor.NONE));
    assertTrue(
        e.getMessage().contains("host k2 is in the inventory but not in the cluster (it lists 1)"),
        e.getMessage());
  }

  @Test
  void aMismatchCarriesWhatTheBehaviourNotedAboutTheCluster() {
    ClusterView view =
        new ClusterView(
            List.of(member("k1", "1"), member(null, "3")),
            List.of("k2 does not answer at 10.0.0.2:8080: connection refused"));
    DiscoveryException mismatch =
        assertThrows(
            DiscoveryException.class,
            () -> ClusterDiscovery.match("kafka", view, HOSTS, Redactor.NONE));
    String message =
        ClusterDiscovery.explained(mismatch, "kafka", view, Redactor.NONE).getMessage();
    assertTrue(message.startsWith(mismatch.getMessage()), message);
    assertTrue(
        message.endsWith(
            "\n  the kafka cluster says:\n    k2 does not answer at 10.0.0.2:8080: connection refused"),
        message);
  }

  @Test
  void rolesJoinTheHostsRolesAndGroupsAndFactsBecomeDiscoveredVariables() {
    Inventory inventory = new Inventory("test", HOSTS, Map.of());
    Map<String, ClusterMember> byHost =
        ClusterDiscovery.match(
            "kafka",
            new ClusterView(
                List.of(member("k2", "2", "controller", "quorum-leader"), member("k1", "1")),
                List.of()),
            HOSTS,
            Redactor.NONE);
    Inventory enriched = ClusterDiscovery.enrich(inventory, byHost);
    Host k2 = enriched.host("k2").orElseThrow();
    assertEquals(List.of("kafka", "controller", "quorum-leader"), k2.roles());
    assertEquals(Map.of("broker_id", "2"), k2.vars().get(ClusterDiscovery.FACTS));
    assertEquals("a", k2.vars().get("zone"));
    assertEquals(List.of("k2"), enriched.groups().get("quorum-leader"));
    assertEquals(List.of("k1", "k2"), enriched.groups().get("kafka"));
    assertEquals(List.of("kafka"), enriched.host("k1").orElseThrow().roles());
  }
}

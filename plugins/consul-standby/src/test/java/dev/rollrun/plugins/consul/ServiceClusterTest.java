package dev.rollrun.plugins.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceClusterTest {

  private static ServiceCluster cluster(String value) {
    return ServiceCluster.of(
        "cluster/production/web",
        new KvRead(new KvEntry("cluster/production/web", value, 42, null), 42));
  }

  @Test
  void readsPowerConsulsClusterKeyWithItsModifyIndex() {
    ServiceCluster c = cluster("{\"active_nodes\": [\"node1\"], \"standby_nodes\": [\"node2\"]}");
    assertEquals(List.of("node1"), c.active());
    assertEquals(List.of("node2"), c.standby());
    assertEquals(42, c.modifyIndex());
    assertEquals("active", c.roleOf("node1"));
    assertEquals("standby", c.roleOf("node2"));
    assertEquals(null, c.roleOf("node3"));
  }

  @Test
  void switchingKeepsEveryOtherFieldAndNodeInPlace() {
    ServiceCluster c =
        cluster(
            "{\"active_nodes\": [\"node1\"], \"standby_nodes\": [\"node2\", \"node3\"],"
                + " \"lock\": true}");
    assertEquals(
        "{\"active_nodes\":[\"node2\"],\"standby_nodes\":[\"node1\",\"node3\"],\"lock\":true}",
        c.switched("node1", "node2"));
  }

  @Test
  void aMissingKeyOrABrokenValueIsRefusedNamingTheKey() {
    ConsulException missing =
        assertThrows(
            ConsulException.class, () -> ServiceCluster.of("cluster/p/web", new KvRead(null, 7)));
    assertTrue(missing.getMessage().startsWith("Consul has no key cluster/p/web"));
    assertThrows(ConsulException.class, () -> cluster("not json"));
    assertThrows(ConsulException.class, () -> cluster("{\"standby_nodes\": [\"node2\"]}"));
    ConsulException both =
        assertThrows(
            ConsulException.class,
            () -> cluster("{\"active_nodes\": [\"n1\"], \"standby_nodes\": [\"n1\"]}"));
    assertEquals("cluster/production/web names n1 both active and standby", both.getMessage());
  }

  @Test
  void aSwitchoverGoesFromTheOneActiveToTheOnlyStandbyOrTheNamedOne() {
    ServiceCluster pair = cluster("{\"active_nodes\": [\"n1\"], \"standby_nodes\": [\"n2\"]}");
    SwitchoverPlan plan = SwitchoverPlan.of(pair, "n1", null);
    assertEquals("n2", plan.to());
    assertEquals(plan, SwitchoverPlan.parse(plan.json()));
    ConsulException notActive =
        assertThrows(ConsulException.class, () -> SwitchoverPlan.of(pair, "n2", null));
    assertTrue(
        notActive.getMessage().contains("n2 is not the active node"), notActive.getMessage());

    ServiceCluster three =
        cluster("{\"active_nodes\": [\"n1\"], \"standby_nodes\": [\"n2\", \"n3\"]}");
    ConsulException which =
        assertThrows(ConsulException.class, () -> SwitchoverPlan.of(three, "n1", null));
    assertTrue(which.getMessage().contains("settings.switchover.to names the one"));
    assertEquals("n3", SwitchoverPlan.of(three, "n1", "n3").to());
    assertThrows(ConsulException.class, () -> SwitchoverPlan.of(three, "n1", "n9"));
  }

  @Test
  void aPlanTellsASwitchedKeyFromAnUntouchedOne() {
    ServiceCluster before = cluster("{\"active_nodes\": [\"n1\"], \"standby_nodes\": [\"n2\"]}");
    SwitchoverPlan plan = SwitchoverPlan.of(before, "n1", null);
    ServiceCluster after = cluster(before.switched("n1", "n2"));
    assertTrue(plan.notStartedIn(before));
    assertFalse(plan.doneIn(before));
    assertTrue(plan.doneIn(after));
    assertFalse(plan.notStartedIn(after));
  }
}

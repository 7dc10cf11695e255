package dev.rollrun.plugins.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStateTest {

  private static LocalState state(boolean apache, boolean mysql, String role) {
    return new LocalState(Map.of("apache2", apache, "mysql", mysql), Map.of(), role);
  }

  @Test
  void anActiveRunsEveryLocalServiceAndAColdStandbyNone() {
    assertNull(state(true, true, null).disagreement("active", false));
    assertNull(state(false, false, null).disagreement("standby", false));
    assertEquals(
        "apache2 running (a standby node's local services are stopped)",
        state(true, false, null).disagreement("standby", false));
    assertEquals(
        "mysql stopped (an active node's local services are running)",
        new LocalState(new java.util.LinkedHashMap<>(Map.of("mysql", false)), Map.of(), null)
            .disagreement("active", false));
  }

  @Test
  void aWarmStandbyRunsItsServicesAndItsRoleCheckMustAgree() {
    assertNull(state(true, true, "standby").disagreement("standby", true));
    assertEquals(
        "its role check says active", state(true, true, "active").disagreement("standby", true));
  }
}

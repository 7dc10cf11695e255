package dev.rollrun.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.config.Where;
import dev.rollrun.core.plan.PlannedCondition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeByKindTest {

  @Test
  void everyKindOfConditionHasAProbe() {
    Set<Class<?>> permitted = Set.of(PlannedCondition.class.getPermittedSubclasses());
    assertEquals(permitted, ProbeByKind.standard(null, java.time.Duration.ofSeconds(1)).kinds());
  }

  @Test
  void aKindWithoutAProbeFailsLoudly() {
    ProbeByKind none = new ProbeByKind(List.of());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> none.check(null, new PlannedCondition.TcpCheck("h", 1, Where.LOCAL)));
    assertTrue(e.getMessage().contains("TcpCheck"), e.getMessage());
  }

  @Test
  void aConditionOnANodeInAGateWithoutOneIsUnhealthyNotRunLocally() {
    ProbeByKind probes = ProbeByKind.standard(null, java.time.Duration.ofSeconds(1));
    assertTrue(
        probes
            .check(null, new PlannedCondition.TcpCheck("10.0.0.1", 80, Where.NODE))
            .orElseThrow()
            .contains("no node"));
  }
}

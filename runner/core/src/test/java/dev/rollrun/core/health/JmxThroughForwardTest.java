package dev.rollrun.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.health.jmx.TestJvm;
import dev.rollrun.core.plan.PlannedCondition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code jmx: via: ssh} semantics with a forward in the test JVM standing in for SSH's. */
class JmxThroughForwardTest {

  private static final String GAUGE = "rollrun.test:type=Gauge,name=0";

  private static PlannedCondition.JmxCheck viaSsh(String address, int port) {
    return new PlannedCondition.JmxCheck(
        null, address, port, GAUGE, "Value", null, null, false, Via.SSH, List.of());
  }

  private static Host node(String name) {
    return new Host(name, "127.0.0.1", 22, null, null, List.of(), null, null, Map.of());
  }

  @Test
  void anRmiServerOnTheRegistrysPortIsReadThroughTheForwardAlone() throws Exception {
    try (TestJvm jvm = TestJvm.start("127.0.7.21", 0, 1, 0);
        TcpForwarding forwarding = new TcpForwarding();
        JmxProbe probe = new JmxProbe(forwarding)) {
      jvm.set(0, 3);
      ProbeResult result = probe.probe(node("n1"), viaSsh(jvm.address(), jvm.port()));
      assertTrue(result.holds(), String.valueOf(result.problem()));
      assertEquals(3L, ((Number) result.value()).longValue());
      assertEquals(List.of("n1>127.0.7.21:" + jvm.port()), forwarding.forwarded);
    }
  }

  @Test
  void anRmiServerOnAnotherPortIsRefusedWithTheFix() throws Exception {
    int registry = TestJvm.freePort("127.0.7.22");
    int rmi = TestJvm.freePort("127.0.7.22");
    while (rmi == registry) {
      rmi = TestJvm.freePort("127.0.7.22");
    }
    try (TestJvm jvm = TestJvm.start("127.0.7.22", registry, 1, 0, rmi);
        TcpForwarding forwarding = new TcpForwarding();
        JmxProbe probe = new JmxProbe(forwarding)) {
      ProbeResult result = probe.probe(node("n1"), viaSsh(jvm.address(), registry));
      assertTrue(
          result
              .problem()
              .contains(
                  "sends its RMI connection to 127.0.7.22:"
                      + rmi
                      + ", which is not forwarded through SSH"),
          result.problem());
      assertTrue(
          result.problem().contains("-Dcom.sun.management.jmxremote.rmi.port=" + registry),
          result.problem());
    }
  }
}

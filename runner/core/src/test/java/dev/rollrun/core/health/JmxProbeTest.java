package dev.rollrun.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Aggregate;
import dev.rollrun.core.config.Comparison;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.health.jmx.TestJvm;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jmx:} against real JVMs with remote JMX, started by the test on 127.0.7.x: values changed
 * while the gate runs, a pattern over several MBeans, a JVM killed mid-gate, an MBean that appears
 * late.
 */
class JmxProbeTest {

  private static final String GAUGE = "rollrun.test:type=Gauge,name=0";
  private static final List<TestJvm> cluster = new ArrayList<>();

  private final FakeClock clock = new FakeClock();
  private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startCluster() throws Exception {
    for (int i = 1; i <= 3; i++) {
      cluster.add(TestJvm.start("127.0.7." + i, 0, 2, 0));
    }
  }

  @AfterAll
  static void stopCluster() {
    cluster.forEach(TestJvm::close);
  }

  @BeforeEach
  void zero() throws Exception {
    for (TestJvm jvm : cluster) {
      jvm.set(0, 0);
      jvm.set(1, 0);
    }
  }

  private static Host node(int i, TestJvm jvm) {
    return new Host("k" + i, jvm.address(), 22, null, null, List.of(), null, null, Map.of());
  }

  private static PlannedCondition.JmxCheck read(TestJvm jvm, String mbean) {
    return new PlannedCondition.JmxCheck(
        null, jvm.address(), jvm.port(), mbean, "Value", null, null, false, Via.DIRECT, List.of());
  }

  private static PlannedCondition.ClusterCheck sum(List<TestJvm> jvms, String mbean) {
    List<PlannedCondition.ClusterCheck.Member> members = new ArrayList<>();
    for (int i = 0; i < jvms.size(); i++) {
      members.add(
          new PlannedCondition.ClusterCheck.Member(
              node(i + 1, jvms.get(i)), read(jvms.get(i), mbean)));
    }
    return new PlannedCondition.ClusterCheck(
        "gauge",
        "all nodes",
        members,
        Aggregate.SUM,
        List.of(new Comparison(Comparison.Operator.EQUALS, 0L, null)));
  }

  private static List<HealthGateWaiter.Target> targets(List<TestJvm> jvms, PlannedGate gate) {
    List<HealthGateWaiter.Target> targets = new ArrayList<>();
    for (int i = 0; i < jvms.size(); i++) {
      targets.add(new HealthGateWaiter.Target(node(i + 1, jvms.get(i)), gate));
    }
    return targets;
  }

  @Test
  void theSumOverThreeJvmsFollowsAValueChangedWhileTheGateRuns() throws Exception {
    cluster.get(1).set(0, 5);
    PlannedGate gate =
        new PlannedGate(
            Duration.ofSeconds(5), 2, Duration.ofMinutes(1), List.of(sum(cluster, GAUGE)));
    AtomicInteger sleeps = new AtomicInteger();
    Sleeper sleeper =
        d -> {
          clock.advance(d);
          if (sleeps.incrementAndGet() == 2) {
            try {
              cluster.get(1).set(0, 0);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        };
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(
            ProbeByKind.standard(null, Duration.ofSeconds(5)), clock, sleeper, events::add)) {
      Duration took = waiter.await("cluster", gate, targets(cluster, gate), () -> false);
      assertEquals(Duration.ofSeconds(15), took, "5, 5, then 0 twice");
    }
    RunEvent.GateProgress first = (RunEvent.GateProgress) events.get(0);
    assertEquals("gauge sum=5 (k1=0, k2=5, k3=0)", first.observations().get(0).summary());
  }

  @Test
  void aPatternReadsTheAttributeOfEveryMatchingMBean() throws Exception {
    cluster.get(0).set(1, 2);
    cluster.get(2).set(0, 1);
    PlannedGate gate =
        new PlannedGate(
            Duration.ofSeconds(5),
            1,
            Duration.ofMinutes(1),
            List.of(sum(cluster, "rollrun.test:type=Gauge,name=*")));
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(
            ProbeByKind.standard(null, Duration.ofSeconds(5)),
            clock,
            clock.sleeper(),
            events::add)) {
      GateCheck check = waiter.checkOnce(targets(cluster, gate));
      assertFalse(check.isHealthy());
      assertEquals(
          "gauge sum=3 (k1=[0, 2], k2=[0, 0], k3=[1, 0])", check.observations().get(0).summary());
    }
  }

  @Test
  void aJvmKilledMidGateIsUnhealthyNeverZeroAndIsReadAgainOnceRestarted() throws Exception {
    TestJvm doomed = TestJvm.start("127.0.7.4", 0, 1, 0);
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(
            ProbeByKind.standard(null, Duration.ofSeconds(5)),
            clock,
            clock.sleeper(),
            events::add)) {
      List<TestJvm> two = List.of(cluster.get(0), doomed);
      PlannedGate gate =
          new PlannedGate(
              Duration.ofSeconds(5), 1, Duration.ofMinutes(1), List.of(sum(two, GAUGE)));
      assertTrue(waiter.checkOnce(targets(two, gate)).isHealthy(), "both answer 0");
      int port = doomed.port();
      doomed.kill();
      GateCheck check = waiter.checkOnce(targets(two, gate));
      assertFalse(check.isHealthy());
      Observation seen = check.observations().get(0);
      assertNull(seen.value(), "no sum: the killed node is never taken as 0");
      assertTrue(seen.nodes().get(1).missing().contains("unreachable"), seen.summary());
      assertTrue(check.summary().contains("k2 has no value"), check.summary());

      try (TestJvm restarted = TestJvm.start("127.0.7.4", port, 1, 0)) {
        assertTrue(
            waiter.checkOnce(targets(two, gate)).isHealthy(), "the connection is opened again");
      }
    } finally {
      doomed.close();
    }
  }

  @Test
  void anMBeanRegisteredLateIsMissingUntilItAppears() throws Exception {
    try (TestJvm late = TestJvm.start("127.0.7.5", 0, 1, 1500);
        ProbeByKind probes = ProbeByKind.standard(null, Duration.ofSeconds(5))) {
      Host host = node(5, late);
      ProbeResult first = probes.probe(host, read(late, GAUGE));
      assertFalse(first.holds());
      assertEquals("no MBean " + GAUGE + " (yet)", first.missing());
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      ProbeResult result = first;
      while (!result.holds() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        result = probes.probe(host, read(late, GAUGE));
      }
      assertTrue(result.holds(), String.valueOf(result.problem()));
      assertEquals(0L, ((Number) result.value()).longValue());
    }
  }

  @Test
  void aComparisonOnEachNodesValueNamesTheValueSeen() throws Exception {
    cluster.get(0).set(0, 7);
    TestJvm jvm = cluster.get(0);
    PlannedCondition.JmxCheck atMostFive =
        new PlannedCondition.JmxCheck(
            "lag",
            jvm.address(),
            jvm.port(),
            GAUGE,
            "Value",
            null,
            null,
            false,
            Via.DIRECT,
            List.of(new Comparison(Comparison.Operator.AT_MOST, 5L, null)));
    try (ProbeByKind probes = ProbeByKind.standard(null, Duration.ofSeconds(5))) {
      ProbeResult result = probes.probe(node(1, jvm), atMostFive);
      assertEquals("Value is 7 (want <= 5)", result.problem());
    }
  }
}

package dev.rollrun.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Aggregate;
import dev.rollrun.core.config.Comparison;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Cluster conditions: evaluated once per check, aggregated, a missing value never taken as 0. */
class ClusterGateTest {

  private final FakeClock clock = new FakeClock();
  private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<Host> nodes = List.of(host("kafka-1"), host("kafka-2"), host("kafka-3"));

  private static Host host(String name) {
    return new Host(name, "127.0.0.1", 22, null, null, List.of("broker"), null, null, Map.of());
  }

  private static PlannedCondition.JmxCheck urpOf(Host host) {
    return new PlannedCondition.JmxCheck(
        "URP",
        host.name(),
        9999,
        "kafka.server:type=ReplicaManager,name=URP",
        "Value",
        null,
        null,
        false,
        Via.DIRECT,
        List.of());
  }

  private PlannedCondition.ClusterCheck urpSum() {
    return new PlannedCondition.ClusterCheck(
        "URP",
        "all nodes",
        nodes.stream().map(h -> new PlannedCondition.ClusterCheck.Member(h, urpOf(h))).toList(),
        Aggregate.SUM,
        List.of(new Comparison(Comparison.Operator.EQUALS, 0L, null)));
  }

  /** Every node's gate holds the same cluster condition, as the planner renders it. */
  private List<HealthGateWaiter.Target> targets(PlannedGate gate) {
    return nodes.stream().map(h -> new HealthGateWaiter.Target(h, gate)).toList();
  }

  /** Answers each JMX read from a table of per-check values; counts the reads. */
  private static final class Metrics implements ConditionProbe {
    final Map<String, List<Object>> values = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    @Override
    public Optional<String> check(Host host, PlannedCondition condition) {
      return Optional.ofNullable(probe(host, condition).problem());
    }

    @Override
    public ProbeResult probe(Host host, PlannedCondition condition) {
      String node = ((PlannedCondition.JmxCheck) condition).host();
      int n = reads.computeIfAbsent(node, k -> new AtomicInteger()).getAndIncrement();
      List<Object> script = values.get(node);
      Object value = script.get(Math.min(n, script.size() - 1));
      return value instanceof String missing && missing.startsWith("missing:")
          ? ProbeResult.missing(missing.substring("missing:".length()))
          : ProbeResult.healthy(value);
    }
  }

  @Test
  void urpSummedOverAllBrokersIsReadOncePerCheckAndObservedPerNode() throws Exception {
    Metrics metrics = new Metrics();
    metrics.values.put("kafka-1", List.of(0L));
    metrics.values.put("kafka-2", List.of(12L, 3L, 0L));
    metrics.values.put("kafka-3", List.of(0L));
    PlannedGate gate =
        new PlannedGate(Duration.ofSeconds(5), 2, Duration.ofMinutes(1), List.of(urpSum()));
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(metrics, clock, clock.sleeper(), events::add)) {
      Duration took = waiter.await("cluster health", gate, targets(gate), () -> false);
      assertEquals(Duration.ofSeconds(15), took, "checks at 0s (12), 5s (3), 10s (0), 15s (0)");
    }
    assertEquals(4, metrics.reads.get("kafka-2").get(), "one read per check, not one per node");
    RunEvent.GateProgress first =
        (RunEvent.GateProgress)
            events.stream().filter(e -> e instanceof RunEvent.GateProgress).findFirst().get();
    assertEquals(
        "URP sum=12 (kafka-1=0, kafka-2=12, kafka-3=0)", first.observations().get(0).summary());
    assertEquals(List.of(first.problem()), List.of(first.problem()));
    assertTrue(first.problem().startsWith("cluster: URP sum=12"), first.problem());
    assertTrue(first.problem().contains("want == 0"), first.problem());
  }

  @Test
  void aBrokerWithoutTheMetricYetIsUnhealthyNeverZero() {
    Metrics metrics = new Metrics();
    metrics.values.put("kafka-1", List.of(0L));
    metrics.values.put(
        "kafka-2", List.of("missing:no MBean kafka.server:type=ReplicaManager (yet)"));
    metrics.values.put("kafka-3", List.of(0L));
    PlannedGate gate =
        new PlannedGate(Duration.ofSeconds(5), 1, Duration.ofSeconds(10), List.of(urpSum()));
    GateTimeoutException e;
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(metrics, clock, clock.sleeper(), events::add)) {
      e =
          assertThrows(
              GateTimeoutException.class,
              () -> waiter.await("cluster health", gate, targets(gate), () -> false));
    }
    assertTrue(e.getMessage().contains("kafka-2 has no value (no MBean"), e.getMessage());
    assertTrue(e.getMessage().contains("never counted as 0"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                "last values: URP sum (kafka-1=0, kafka-2=no MBean"
                    + " kafka.server:type=ReplicaManager (yet), kafka-3=0)"),
        e.getMessage());
    RunEvent.GateFailed failed =
        (RunEvent.GateFailed)
            events.stream().filter(ev -> ev instanceof RunEvent.GateFailed).findFirst().get();
    Observation urp = failed.observations().get(0);
    assertFalse(urp.holds());
    assertEquals(null, urp.value(), "no sum is shown when a broker has no value");
  }

  @Test
  void aLocalCommandRunsOncePerCheckHoweverManyNodesHoldIt() {
    AtomicInteger runs = new AtomicInteger();
    ConditionProbe probe =
        (h, c) -> {
          runs.incrementAndGet();
          return Optional.empty();
        };
    PlannedGate gate =
        new PlannedGate(
            Duration.ofSeconds(5),
            1,
            Duration.ofMinutes(1),
            List.of(
                new PlannedCondition.CommandCheck(
                    Command.plain("curl -fs lb/health"), Where.LOCAL, 0, null, false)));
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(probe, clock, clock.sleeper(), events::add)) {
      GateCheck check = waiter.checkOnce(targets(gate));
      assertTrue(check.isHealthy());
      assertEquals(1, check.observations().size());
      assertEquals(null, check.observations().get(0).host(), "shown once, for the cluster");
    }
    assertEquals(1, runs.get());
  }

  @Test
  void countAnyAndAllAggregatesCountNodesThatHold() {
    Metrics metrics = new Metrics();
    metrics.values.put("kafka-1", List.of(0L));
    metrics.values.put("kafka-2", List.of("missing:unreachable (connection refused)"));
    metrics.values.put("kafka-3", List.of(0L));
    List<PlannedCondition.ClusterCheck.Member> members =
        nodes.stream().map(h -> new PlannedCondition.ClusterCheck.Member(h, urpOf(h))).toList();
    var atLeastTwo =
        new PlannedCondition.ClusterCheck(
            null,
            "all nodes",
            members,
            Aggregate.COUNT,
            List.of(new Comparison(Comparison.Operator.AT_LEAST, 2L, null)));
    var any =
        new PlannedCondition.ClusterCheck(null, "all nodes", members, Aggregate.ANY, List.of());
    var all =
        new PlannedCondition.ClusterCheck(null, "all nodes", members, Aggregate.ALL, List.of());
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(metrics, clock, clock.sleeper(), events::add)) {
      for (var holds : List.of(atLeastTwo, any)) {
        PlannedGate gate =
            new PlannedGate(Duration.ofSeconds(1), 1, Duration.ofSeconds(1), List.of(holds));
        assertTrue(waiter.checkOnce(targets(gate)).isHealthy(), holds.describe());
      }
      PlannedGate gate =
          new PlannedGate(Duration.ofSeconds(1), 1, Duration.ofSeconds(1), List.of(all));
      GateCheck check = waiter.checkOnce(targets(gate));
      assertFalse(check.isHealthy());
      assertTrue(
          check.summary().contains("kafka-2: unreachable (connection refused)"), check.summary());
    }
  }

  @Test
  void anAggregateOverTextNamesTheNodeAndTheValueSeen() {
    Metrics metrics = new Metrics();
    metrics.values.put("kafka-1", List.of(0L));
    metrics.values.put("kafka-2", List.of("green"));
    metrics.values.put("kafka-3", List.of(0L));
    PlannedGate gate =
        new PlannedGate(Duration.ofSeconds(1), 1, Duration.ofSeconds(1), List.of(urpSum()));
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(metrics, clock, clock.sleeper(), events::add)) {
      GateCheck check = waiter.checkOnce(targets(gate));
      assertTrue(
          check
              .summary()
              .contains("kafka-2: value \"green\" is not a number, and sum needs numbers"),
          check.summary());
    }
  }

  @Test
  void healthyChecksWithinSettleDoNotCount() throws Exception {
    PlannedGate gate =
        new PlannedGate(
            Duration.ofSeconds(10),
            2,
            Duration.ofMinutes(5),
            List.of(new PlannedCondition.TcpCheck("h", 1, Where.LOCAL)),
            Duration.ofSeconds(30));
    try (HealthGateWaiter waiter =
        new HealthGateWaiter((h, c) -> Optional.empty(), clock, clock.sleeper(), events::add)) {
      Duration took = waiter.await("gate", gate, targets(gate), () -> false, clock.instant());
      assertEquals(Duration.ofSeconds(40), took, "checks at 30s and 40s count, not 0s..20s");
    }
  }

  @Test
  void aFailedCommandConditionShowsWhatItPrinted() {
    ConditionProbe probe =
        new ConditionProbe() {
          @Override
          public Optional<String> check(Host host, PlannedCondition condition) {
            return Optional.of("x");
          }

          @Override
          public ProbeResult probe(Host host, PlannedCondition condition) {
            return ProbeResult.unhealthy("health exited 1 (want 0)", "")
                .withOutput(List.of("replicas: 2 of 3 in sync", "partition p-7 lagging"));
          }
        };
    PlannedGate gate =
        new PlannedGate(
            Duration.ofSeconds(10),
            1,
            Duration.ofSeconds(10),
            List.of(
                new PlannedCondition.CommandCheck(
                    Command.plain("health"), Where.NODE, 0, null, false)));
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(probe, clock, clock.sleeper(), events::add)) {
      GateTimeoutException e =
          assertThrows(
              GateTimeoutException.class,
              () ->
                  waiter.await(
                      "gate",
                      gate,
                      List.of(new HealthGateWaiter.Target(nodes.get(0), gate)),
                      () -> false));
      assertTrue(
          e.getMessage().contains("its output: replicas: 2 of 3 in sync | partition p-7 lagging"),
          e.getMessage());
    }
  }
}

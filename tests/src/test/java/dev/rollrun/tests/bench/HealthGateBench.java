package dev.rollrun.tests.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollrun.api.Host;
import dev.rollrun.core.config.Aggregate;
import dev.rollrun.core.config.Comparison;
import dev.rollrun.core.config.JsonCheck;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.health.GateCheck;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.health.Sleeper;
import dev.rollrun.core.health.jmx.TestJvm;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One evaluation of a cluster gate, not a test: a {@code jmx} condition summed across 3 real JVMs
 * plus one {@code http} check against WireMock, all on loopback, connections reused. Prints the
 * first evaluation (connections set up) and the median and 90th percentile of 100 more. Run with
 * {@code bench/health-gate.sh}; excluded from the normal test run (tag {@code bench}).
 */
@Tag("bench")
class HealthGateBench {

  private static final int EVALUATIONS = Integer.getInteger("rollrun.bench.evaluations", 100);

  @Test
  void clusterGateEvaluation() throws Exception {
    List<TestJvm> jvms = new ArrayList<>();
    WireMockServer http = new WireMockServer(options().bindAddress("127.0.6.9").port(0));
    try {
      http.start();
      http.stubFor(
          get("/_cluster/health")
              .willReturn(aResponse().withBody("{\"status\":\"green\",\"relocating_shards\":0}")));
      for (int i = 1; i <= 3; i++) {
        jvms.add(TestJvm.start("127.0.7." + (30 + i), 0, 1, 0));
      }
      List<PlannedCondition.ClusterCheck.Member> members = new ArrayList<>();
      List<Host> hosts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TestJvm jvm = jvms.get(i);
        Host host =
            new Host("k" + (i + 1), jvm.address(), 22, null, null, List.of(), null, null, Map.of());
        hosts.add(host);
        members.add(
            new PlannedCondition.ClusterCheck.Member(
                host,
                new PlannedCondition.JmxCheck(
                    null,
                    jvm.address(),
                    jvm.port(),
                    "rollrun.test:type=Gauge,name=0",
                    "Value",
                    null,
                    null,
                    false,
                    Via.DIRECT,
                    List.of())));
      }
      PlannedCondition urp =
          new PlannedCondition.ClusterCheck(
              "URP",
              "all nodes",
              members,
              Aggregate.SUM,
              List.of(new Comparison(Comparison.Operator.EQUALS, 0L, null)));
      PlannedCondition green =
          new PlannedCondition.HttpCheck(
              "es",
              Command.plain("http://127.0.6.9:" + http.port() + "/_cluster/health"),
              "GET",
              null,
              Map.of(),
              null,
              null,
              null,
              null,
              false,
              Duration.ofSeconds(2),
              List.of(200),
              List.of(
                  new JsonCheck(
                      "$.status",
                      List.of(new Comparison(Comparison.Operator.EQUALS, "green", null)),
                      null)),
              "$.status",
              Via.DIRECT);
      PlannedGate gate =
          new PlannedGate(Duration.ofSeconds(5), 12, Duration.ofMinutes(10), List.of(urp, green));
      List<HealthGateWaiter.Target> targets =
          hosts.stream().map(h -> new HealthGateWaiter.Target(h, gate)).toList();
      try (HealthGateWaiter waiter =
          new HealthGateWaiter(
              ProbeByKind.standard(null, Duration.ofSeconds(10)),
              Clock.systemUTC(),
              Sleeper.REAL,
              event -> {})) {
        long start = System.nanoTime();
        GateCheck first = waiter.checkOnce(targets);
        double firstMs = (System.nanoTime() - start) / 1e6;
        assertTrue(first.isHealthy(), first.summary());
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < EVALUATIONS; i++) {
          long t = System.nanoTime();
          GateCheck check = waiter.checkOnce(targets);
          times.add((System.nanoTime() - t) / 1e6);
          assertTrue(check.isHealthy(), check.summary());
        }
        Collections.sort(times);
        System.out.printf(
            "BENCH cluster gate (jmx sum over 3 JVMs + 1 http): first evaluation %.1f ms;"
                + " median of %d %.2f ms, p90 %.2f ms, max %.2f ms%n",
            firstMs,
            EVALUATIONS,
            times.get(times.size() / 2),
            times.get((int) (times.size() * 0.9)),
            times.get(times.size() - 1));
      }
    } finally {
      jvms.forEach(TestJvm::close);
      http.stop();
    }
  }
}

package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.health.FakeClock;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DryRunTest {

  private final FakeClock clock = new FakeClock();
  private final ScriptedShell shell = new ScriptedShell();
  private final List<RunEvent> events = new ArrayList<>();

  private List<String> dryRun(int nodes) {
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      hosts.add("h" + i);
    }
    RunEvents sink =
        new RunEvents("dry", clock, List.of((EventEnvelope e) -> events.add(e.event())));
    HealthGateWaiter gates =
        new HealthGateWaiter(
            ProbeByKind.standard(shell, Duration.ofSeconds(5)), clock, clock.sleeper(), sink);
    return new DryRun(
            new RunContext(
                shell, gates, clock, clock.sleeper(), sink, RunControl.UNATTENDED, Redactor.NONE))
        .run(PlanFixtures.plan(hosts, nodes));
  }

  @Test
  void aHealthyReachableClusterIsReadyAndNothingRuns() {
    List<String> problems = dryRun(3);
    assertEquals(List.of(), problems);
    assertTrue(shell.calls.isEmpty(), "nothing but health checks ran: " + shell.started());
    RunEvent.GatePassed passed =
        events.stream()
            .filter(e -> e instanceof RunEvent.GatePassed)
            .map(e -> (RunEvent.GatePassed) e)
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("h1", "h2", "h3"), passed.hosts());
  }

  @Test
  void anUnreachableHostIsNeverReportedAsHealthy() {
    shell.unreachable.add("h2");
    List<String> problems = dryRun(3);
    assertTrue(problems.get(0).contains("h2: connection refused"), problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("health not checked on h2 (unreachable)")),
        problems.toString());
    assertTrue(events.stream().noneMatch(e -> e instanceof RunEvent.GatePassed), events.toString());
    RunEvent.GateFailed failed =
        events.stream()
            .filter(e -> e instanceof RunEvent.GateFailed)
            .map(e -> (RunEvent.GateFailed) e)
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("h1", "h3"), failed.hosts(), "the nodes actually checked");
    assertTrue(failed.problem().contains("h2: not checked (unreachable)"), failed.problem());
    RunEvent last = events.get(events.size() - 1);
    assertTrue(
        last instanceof RunEvent.DryRunFinished f && !f.problems().isEmpty(), last.toString());
  }

  @Test
  void everyUnhealthyNodeIsNamed() {
    shell.unhealthy.add("h1");
    shell.unhealthy.add("h3");
    List<String> problems = dryRun(3);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("h1: healthy exited 1"), problems.get(0));
    assertTrue(problems.get(0).contains("h3: healthy exited 1"), problems.get(0));
  }
}

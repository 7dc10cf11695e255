package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvent.Outcome;
import dev.rollrun.core.health.FakeClock;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ShellConditionProbe;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OrchestratorTest {

  /** Records every command; commands listed in {@code failing} exit 1 on their host. */
  static class RecordingShell implements Shell {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Set<String> unhealthy = ConcurrentHashMap.newKeySet();

    @Override
    public ShellResult run(Host host, ShellCommand shellCommand, LineListener lines) {
      String command = shellCommand.script();
      String who = host == null ? "local" : host.name();
      if (command.equals("healthy")) {
        return new ShellResult(unhealthy.contains(who) ? 1 : 0, "", List.of());
      }
      calls.add(who + ":" + command);
      if (failing.contains(who + ":" + command)) {
        lines.line(true, "boom on " + who);
        return new ShellResult(1, "", List.of("boom on " + who));
      }
      return new ShellResult(0, "", List.of());
    }

    @Override
    public String connect(Host host) {
      return host.address();
    }

    @Override
    public void close() {}
  }

  private final FakeClock clock = new FakeClock();
  private final RecordingShell shell = new RecordingShell();
  private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

  private RunReport run(RolloutPlan plan, int skip, RunControl control) {
    HealthGateWaiter gates =
        new HealthGateWaiter(
            new ShellConditionProbe(shell, Duration.ofSeconds(5)),
            clock,
            clock.sleeper(),
            events::add);
    return new Orchestrator(shell, gates, clock, clock.sleeper(), events::add, control)
        .run(plan, skip);
  }

  @Test
  void lifecycleRunsInOrderForEachNode() {
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1), 0, RunControl.UNATTENDED);
    assertEquals(Outcome.DONE, report.outcome());
    assertEquals(
        List.of(
            "a:drain",
            "a:stop",
            "a:post-stop",
            "a:start",
            "a:undrain",
            "b:drain",
            "b:stop",
            "b:post-stop",
            "b:start",
            "b:undrain"),
        shell.calls);
    assertEquals(NodeState.DONE, report.state().of("b"));
  }

  @Test
  void failedStepStopsTheRollBeforeTheNextNode() {
    shell.failing.add("b:start");
    RunReport report =
        run(PlanFixtures.plan(List.of("a", "b", "c"), 1, 1, 1), 0, RunControl.UNATTENDED);
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(
        report.failure().contains("b: step start run failed: exit code 1"), report.failure());
    assertTrue(report.failure().contains("boom on b"), report.failure());
    assertTrue(shell.calls.stream().noneMatch(c -> c.startsWith("c:")), shell.calls.toString());
    assertEquals(NodeState.FAILED, report.state().of("b"));
    assertEquals(NodeState.SKIPPED, report.state().of("c"));
  }

  @Test
  void unhealthyClusterIsNotTouched() {
    shell.unhealthy.add("b");
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1), 0, RunControl.UNATTENDED);
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(
        report.failure().startsWith("cluster health before the first node"), report.failure());
    assertTrue(shell.calls.isEmpty(), shell.calls.toString());
  }

  @Test
  void nodeThatNeverGetsHealthyFailsTheRoll() {
    shell.failing.add("a:never");
    // a becomes unhealthy once restarted: mark it after its start command
    RecordingShell s = shell;
    RolloutPlan plan = PlanFixtures.plan(List.of("a", "b"), 1, 1);
    HealthGateWaiter gates =
        new HealthGateWaiter(
            (h, c) ->
                s.calls.contains("a:start") && h.name().equals("a")
                    ? java.util.Optional.of("port closed")
                    : java.util.Optional.empty(),
            clock,
            clock.sleeper(),
            events::add);
    RunReport report =
        new Orchestrator(shell, gates, clock, clock.sleeper(), events::add, RunControl.UNATTENDED)
            .run(plan, 0);
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(report.failure().contains("a: port closed"), report.failure());
    assertTrue(shell.calls.stream().noneMatch(c -> c.startsWith("b:")));
  }

  @Test
  void skipLeavesTheFirstNodesUntouched() {
    RunReport report =
        run(PlanFixtures.plan(List.of("a", "b", "c"), 1, 1, 1), 2, RunControl.UNATTENDED);
    assertEquals(Outcome.DONE, report.outcome());
    assertTrue(shell.calls.stream().allMatch(c -> c.startsWith("c:")), shell.calls.toString());
    assertEquals(NodeState.SKIPPED, report.state().of("a"));
  }

  @Test
  void batchRollsItsNodesTogetherAndGatesBeforeTheNext() {
    RunReport report =
        run(PlanFixtures.plan(List.of("a", "b", "c", "d"), 2, 2), 0, RunControl.UNATTENDED);
    assertEquals(Outcome.DONE, report.outcome());
    int lastOfFirstBatch =
        Math.max(shell.calls.indexOf("a:undrain"), shell.calls.indexOf("b:undrain"));
    int firstOfSecond = Math.min(shell.calls.indexOf("c:drain"), shell.calls.indexOf("d:drain"));
    assertTrue(lastOfFirstBatch < firstOfSecond, shell.calls.toString());
  }

  @Test
  void aPeerFailingBeforeStopLeavesTheOtherNodeRunning() {
    shell.failing.add("a:drain");
    RunReport report = run(PlanFixtures.plan(List.of("a"), 1), 0, RunControl.UNATTENDED);
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(shell.calls.stream().noneMatch(c -> c.equals("a:stop")));
  }

  @Test
  void ctrlCStopsAfterTheCurrentStep() {
    AtomicBoolean stop = new AtomicBoolean();
    RunControl control =
        new RunControl() {
          @Override
          public boolean stopRequested() {
            return stop.get();
          }

          @Override
          public boolean continueAfter(List<String> hosts) {
            return true;
          }
        };
    shell.failing.clear();
    RolloutPlan plan = PlanFixtures.plan(List.of("a", "b"), 1, 1);
    Shell stopping =
        new RecordingShell() {
          @Override
          public ShellResult run(Host host, ShellCommand command, LineListener lines) {
            ShellResult r = shell.run(host, command, lines);
            if (command.script().equals("undrain")) {
              stop.set(true);
            }
            return r;
          }
        };
    HealthGateWaiter gates =
        new HealthGateWaiter(
            new ShellConditionProbe(stopping, Duration.ofSeconds(5)),
            clock,
            clock.sleeper(),
            events::add);
    RunReport report =
        new Orchestrator(stopping, gates, clock, clock.sleeper(), events::add, control)
            .run(plan, 0);
    assertEquals(Outcome.INTERRUPTED, report.outcome());
    assertTrue(shell.calls.stream().noneMatch(c -> c.startsWith("b:")), shell.calls.toString());
    assertEquals(NodeState.SKIPPED, report.state().of("b"));
  }

  @Test
  void paranoidOperatorCanStopAfterANode() {
    RunControl control =
        new RunControl() {
          @Override
          public boolean stopRequested() {
            return false;
          }

          @Override
          public boolean continueAfter(List<String> hosts) {
            return false;
          }
        };
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1), 0, control);
    assertEquals(Outcome.STOPPED_BY_OPERATOR, report.outcome());
    assertEquals(NodeState.DONE, report.state().of("a"));
    assertEquals(NodeState.SKIPPED, report.state().of("b"));
  }
}

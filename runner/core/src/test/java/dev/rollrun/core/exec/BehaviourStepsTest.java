package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.Phase;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.Task;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.Verdict;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Outcome;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.health.FakeClock;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * What a cluster behaviour and a plugin's task add to a node's lifecycle, run by the executor: a
 * safe-to-stop refusal stops the roll before anything is stopped; a wrapper's after side restores
 * what its before side set even when the node fails in between; a task that throws or never returns
 * fails its step with a message, never the run.
 */
class BehaviourStepsTest {

  private final FakeClock clock = new FakeClock();
  private final ScriptedShell shell = new ScriptedShell();
  private final List<EventEnvelope> events = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> unsafe = ConcurrentHashMap.newKeySet();

  private final StopCheck inSync =
      StopCheck.of(
          "replicas in sync",
          (ctx, settings) ->
              unsafe.contains(ctx.host().name())
                  ? Verdict.unsafe("2 under-replicated partitions")
                  : Verdict.safe("0 under-replicated partitions"));

  private final NodeWrapper allocation =
      NodeWrapper.of(
          "allocation",
          (ctx, settings) -> ctx.run("allocation primaries"),
          (ctx, settings) -> ctx.run("allocation all"));

  private RunReport run(RolloutPlan plan) {
    RunEvents sink = new RunEvents("test-run", clock, List.of(events::add));
    HealthGateWaiter gates =
        new HealthGateWaiter(
            ProbeByKind.standard(shell, Duration.ofSeconds(5)), clock, clock.sleeper(), sink);
    RunContext context =
        new RunContext(
            shell, gates, clock, clock.sleeper(), sink, RunControl.UNATTENDED, Redactor.NONE);
    return new Orchestrator(context).run(plan, RolloutState.initial(plan, 0));
  }

  private NodePlan node(String name, PlannedStep... extra) {
    List<PlannedStep> steps = new ArrayList<>();
    steps.add(PlanFixtures.run(Phase.PRE_STOP, "drain"));
    steps.add(
        new PlannedStep.SafeToStop(
            "safe-to-stop[0]", Phase.PRE_STOP, inSync.name(), "kafka", inSync, TaskArgs.none()));
    steps.add(
        new PlannedStep.Wrapper(
            "before-stop[0]",
            Phase.PRE_STOP,
            "allocation",
            "kafka",
            allocation,
            true,
            TaskArgs.none()));
    steps.add(PlanFixtures.run(Phase.STOP, "stop"));
    steps.add(PlanFixtures.run(Phase.START, "start"));
    steps.addAll(List.of(extra));
    steps.add(
        new PlannedStep.Wrapper(
            "after-start[0]",
            Phase.POST_START,
            "allocation",
            "kafka",
            allocation,
            false,
            TaskArgs.none()));
    return new NodePlan(PlanFixtures.host(name), steps, PlanFixtures.gate(1));
  }

  private static RolloutPlan plan(List<NodePlan> nodes, int... sizes) {
    List<Batch> batches = new ArrayList<>();
    int i = 0;
    for (int b = 0; b < sizes.length; b++) {
      batches.add(new Batch(b + 1, nodes.subList(i, i + sizes[b])));
      i += sizes[b];
    }
    return new RolloutPlan(
        "t",
        "t.yml",
        "kafka",
        "inv",
        "all hosts",
        "1",
        Duration.ZERO,
        List.of(),
        batches,
        List.of(),
        List.of(),
        List.of(),
        "digest");
  }

  private static PlannedStep.Task task(Task task, Duration timeout) {
    return new PlannedStep.Task(
        "post-start[0]",
        Phase.POST_START,
        null,
        task.id(),
        Map.of(),
        Map.of(),
        timeout,
        null,
        task);
  }

  @Test
  void aNodeThatIsNotSafeToStopFailsTheRollBeforeAnythingIsStopped() {
    unsafe.add("b");
    RunReport report = run(plan(List.of(node("a"), node("b"), node("c")), 1, 1, 1));
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(
        report
            .message()
            .contains(
                "b: step pre-stop safe-to-stop [replicas in sync] failed: not safe to stop"
                    + " (replicas in sync): 2 under-replicated partitions"),
        report.message());
    assertTrue(shell.started().contains("a:stop"), "a was rolled: " + shell.started());
    assertTrue(
        shell.started().stream().noneMatch(c -> c.equals("b:stop") || c.equals("c:stop")),
        "neither b nor any node after it is stopped: " + shell.started());
    assertEquals(NodeState.FAILED, report.state().of("b"));
  }

  @Test
  void aSafeVerdictIsTheStepsOutputAndTheWrapperGoesAroundStopAndStart() {
    RunReport report = run(plan(List.of(node("a")), 1));
    assertEquals(Outcome.DONE, report.outcome(), report.message());
    assertEquals(
        List.of("a:drain", "a:allocation primaries", "a:stop", "a:start", "a:allocation all"),
        shell.started());
    assertTrue(
        events.stream()
            .map(EventEnvelope::event)
            .anyMatch(
                e ->
                    e instanceof RunEvent.OutputLine line
                        && line.line()
                            .equals(
                                "safe to stop (replicas in sync): 0 under-replicated partitions")),
        events.toString());
  }

  @Test
  void aCheckThatAsksThePeersIsGivenTheWholeCluster() {
    List<dev.rollrun.api.Host> cluster =
        List.of(PlanFixtures.host("a"), PlanFixtures.host("b"), PlanFixtures.host("c"));
    StopCheck quorum =
        StopCheck.of(
            "quorum",
            (ctx, settings, hosts) ->
                Verdict.safe(
                    ctx.host().name()
                        + " of "
                        + String.join(
                            ",", hosts.stream().map(dev.rollrun.api.Host::name).toList())));
    NodePlan a =
        new NodePlan(
            PlanFixtures.host("a"),
            List.of(
                new PlannedStep.SafeToStop(
                    "safe-to-stop[0]",
                    Phase.PRE_STOP,
                    "quorum",
                    "zookeeper",
                    quorum,
                    TaskArgs.none(),
                    cluster),
                PlanFixtures.run(Phase.STOP, "stop"),
                PlanFixtures.run(Phase.START, "start")),
            PlanFixtures.gate(1));
    RunReport report = run(plan(List.of(a), 1));
    assertEquals(Outcome.DONE, report.outcome(), report.message());
    assertTrue(
        events.stream()
            .map(EventEnvelope::event)
            .anyMatch(
                e ->
                    e instanceof RunEvent.OutputLine line
                        && line.line().equals("safe to stop (quorum): a of a,b,c")),
        events.toString());
  }

  @Test
  void aFailedNodeStillRestoresWhatItsWrapperSet() {
    shell.failing.add("a:start");
    RunReport report = run(plan(List.of(node("a")), 1));
    assertEquals(Outcome.FAILED, report.outcome());
    assertEquals(
        List.of("a:drain", "a:allocation primaries", "a:stop", "a:start", "a:allocation all"),
        shell.started());
  }

  @Test
  void aTaskThatThrowsFailsItsStepNamingTheTaskAndTheException() {
    Task throwing =
        new Task() {
          @Override
          public String id() {
            return "npe";
          }

          @Override
          public void run(dev.rollrun.api.TaskContext context, TaskArgs args) {
            throw new NullPointerException("no version");
          }
        };
    RunReport report = run(plan(List.of(node("a", task(throwing, null))), 1));
    assertEquals(Outcome.FAILED, report.outcome(), "a plugin's defect is not rollrun's");
    assertTrue(
        report.message().contains("task npe threw java.lang.NullPointerException: no version at"),
        report.message());
    assertTrue(shell.started().contains("a:allocation all"), shell.started().toString());
  }

  @Test
  void aTaskThatNeverReturnsFailsItsStepAtItsTimeout() {
    Task stuck =
        new Task() {
          @Override
          public String id() {
            return "stuck";
          }

          @Override
          public void run(dev.rollrun.api.TaskContext context, TaskArgs args)
              throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
          }
        };
    RunReport report = run(plan(List.of(node("a", task(stuck, Duration.ofMillis(300)))), 1));
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(
        report.message().contains("task stuck did not return within 300ms and was interrupted"),
        report.message());
  }
}

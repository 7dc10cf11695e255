package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Phase;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Outcome;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.health.FakeClock;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OrchestratorTest {

  private final FakeClock clock = new FakeClock();
  private final ScriptedShell shell = new ScriptedShell();
  private final List<EventEnvelope> events = Collections.synchronizedList(new ArrayList<>());

  private RunReport run(RolloutPlan plan, int skip, RunControl control) {
    return run(
        plan,
        RolloutState.initial(plan, skip),
        control,
        new RunEvents("test-run", clock, List.of(events::add)));
  }

  private RunReport run(
      RolloutPlan plan, RolloutState initial, RunControl control, RunEvents sink) {
    HealthGateWaiter gates =
        new HealthGateWaiter(
            ProbeByKind.standard(shell, Duration.ofSeconds(5)), clock, clock.sleeper(), sink);
    RunContext context =
        new RunContext(shell, gates, clock, clock.sleeper(), sink, control, Redactor.NONE);
    return new Orchestrator(context).run(plan, initial);
  }

  private RunReport run(RolloutPlan plan) {
    return run(plan, 0, RunControl.UNATTENDED);
  }

  private <T extends RunEvent> List<T> eventsOf(Class<T> kind) {
    synchronized (events) {
      return events.stream()
          .map(EventEnvelope::event)
          .filter(kind::isInstance)
          .map(kind::cast)
          .toList();
    }
  }

  @Test
  void lifecycleRunsInOrderForEachNode() {
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1));
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
        shell.started());
    assertEquals(NodeState.DONE, report.state().of("b"));
  }

  @Test
  void failedStepStopsTheRollBeforeTheNextNode() {
    shell.failing.add("b:start");
    RunReport report = run(PlanFixtures.plan(List.of("a", "b", "c"), 1, 1, 1));
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(
        report.message().contains("b: step start run failed: exit code 1"), report.message());
    assertTrue(report.message().contains("boom on b"), report.message());
    assertTrue(
        shell.started().stream().noneMatch(c -> c.startsWith("c:")), shell.started().toString());
    assertEquals(NodeState.FAILED, report.state().of("b"));
    assertEquals(NodeState.PENDING, report.state().of("c"), "untouched nodes stay pending");
  }

  /** Bug: an unexpected exception in a multi-node batch was reported as a successful roll. */
  @Test
  void internalErrorInABatchFailsTheRunAndTouchesNothingAfterIt() {
    shell.throwing.add("b:drain");
    RunReport report = run(PlanFixtures.plan(List.of("a", "b", "c", "d"), 2, 2));
    assertEquals(Outcome.INTERNAL_ERROR, report.outcome());
    assertTrue(
        report.message().startsWith("internal error in b, step pre-stop[drain]"), report.message());
    assertNotEquals(NodeState.DONE, report.state().of("a"));
    assertEquals(NodeState.FAILED, report.state().of("b"));
    assertEquals(NodeState.PENDING, report.state().of("c"));
    assertEquals(NodeState.PENDING, report.state().of("d"));
    assertTrue(
        shell.started().stream().noneMatch(c -> c.startsWith("c:") || c.startsWith("d:")),
        shell.started().toString());
    RunEvent.RunFinished finished = eventsOf(RunEvent.RunFinished.class).get(0);
    assertEquals(Outcome.INTERNAL_ERROR, finished.outcome());
    assertTrue(
        eventsOf(RunEvent.StepFailed.class).stream()
            .anyMatch(f -> f.internal() && f.host().equals("b")));
  }

  /**
   * Bug: in a batch [a, b], b went on to stop after a's pre-stop had failed. Here b's drain returns
   * only once a's failure is recorded; b must then be left running.
   */
  @Test
  void aNodeIsNotStoppedOnceItsBatchPeerHasFailed() throws Exception {
    CountDownLatch bDraining = new CountDownLatch(1);
    CountDownLatch aFailed = new CountDownLatch(1);
    shell.failing.add("a:drain");
    shell.hooks.put("a:drain", key -> await(bDraining, "b never began its drain"));
    shell.hooks.put(
        "b:drain",
        key -> {
          bDraining.countDown();
          await(aFailed, "a never failed");
        });
    RunEvents sink =
        new RunEvents(
            "test-run",
            clock,
            List.of(
                events::add,
                e -> {
                  if (e.event() instanceof RunEvent.NodeStateChanged c
                      && c.host().equals("a")
                      && c.to() == NodeState.FAILED) {
                    aFailed.countDown();
                  }
                }));
    RolloutPlan plan = PlanFixtures.plan(List.of("a", "b", "c"), 2, 1);
    RunReport report = run(plan, RolloutState.initial(plan, 0), RunControl.UNATTENDED, sink);
    assertEquals(Outcome.FAILED, report.outcome());
    assertEquals(
        List.of("b:drain"), shell.callsOf("b").stream().map(ScriptedShell.Call::key).toList());
    assertEquals(NodeState.STOPPING, report.state().of("b"), "b ran its pre-stop, never its stop");
    assertEquals(NodeState.PENDING, report.state().of("c"));
  }

  private static void await(CountDownLatch latch, String otherwise) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), otherwise);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNodeAlreadyStoppedWhenItsPeerFailsIsStartedAgain() {
    CountDownLatch bStopped = new CountDownLatch(1);
    shell.failing.add("a:post-stop");
    // b has stopped before a fails: b must be brought back, not left down.
    shell.hooks.put("b:post-stop", key -> bStopped.countDown());
    shell.hooks.put("a:post-stop", key -> await(bStopped, "b never stopped"));
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 2));
    assertEquals(Outcome.FAILED, report.outcome());
    List<String> b = shell.callsOf("b").stream().map(ScriptedShell.Call::command).toList();
    assertEquals(List.of("drain", "stop", "post-stop", "start", "undrain"), b);
    assertEquals(NodeState.AWAITING_HEALTH, report.state().of("b"));
  }

  @Test
  void aBeforeStopGateThatFailsLeavesItsNodeRunningAndStopsTheRoll() {
    List<String> names = List.of("a", "b", "c");
    PlannedCondition.ClusterCheck safe =
        new PlannedCondition.ClusterCheck(
            "safe to stop",
            "all nodes",
            names.stream()
                .map(
                    n ->
                        new PlannedCondition.ClusterCheck.Member(
                            PlanFixtures.host(n),
                            new PlannedCondition.CommandCheck(
                                Command.plain("safe-to-stop"), Where.NODE, 0, null, false)))
                .toList(),
            dev.rollrun.core.config.Aggregate.ALL,
            List.of());
    PlannedGate beforeStop =
        new PlannedGate(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), List.of(safe));
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      NodePlan plain = PlanFixtures.node(names.get(i));
      List<PlannedStep> steps = new ArrayList<>(plain.steps());
      steps.add(1, new PlannedStep.Gate("before-stop", Phase.PRE_STOP, null, beforeStop, null));
      batches.add(new Batch(i + 1, List.of(new NodePlan(plain.host(), steps, plain.health()))));
    }
    RolloutPlan base = PlanFixtures.plan(names, 1, 1, 1);
    RolloutPlan plan =
        new RolloutPlan(
            base.playbookName(),
            base.playbookFile(),
            base.cluster(),
            base.inventorySource(),
            base.selection(),
            base.ramp(),
            base.pause(),
            base.preCluster(),
            batches,
            base.postCluster(),
            base.onFailure(),
            base.bystanders(),
            base.digest());
    shell.hooks.put("a:undrain", key -> shell.failing.add("c:safe-to-stop"));

    RunReport report = run(plan);

    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(report.message().contains("before-stop"), report.message());
    assertTrue(report.message().contains("c: "), report.message());
    assertTrue(shell.started().contains("a:stop"), "a was rolled");
    assertTrue(!shell.started().contains("b:stop"), "b is left running: " + shell.started());
    assertTrue(!shell.started().contains("c:stop"), shell.started().toString());
  }

  @Test
  void unhealthyClusterIsNotTouched() {
    shell.unhealthy.add("b");
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1));
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(
        report.message().startsWith("cluster health before the first node"), report.message());
    assertTrue(shell.started().isEmpty(), shell.started().toString());
  }

  /**
   * Bug: the gate after a batch checked only that batch, so a node elsewhere going unhealthy
   * mid-roll went unnoticed and the roll carried on with two nodes unhealthy.
   */
  @Test
  void aNodeElsewhereGoingUnhealthyStopsTheRollAtTheNextGate() {
    shell.hooks.put("b:undrain", key -> shell.unhealthy.add("e"));
    RunReport report = run(PlanFixtures.plan(List.of("a", "b", "c", "d", "e"), 1, 1, 1, 1, 1));
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(report.message().contains("e: "), report.message());
    assertTrue(
        shell.started().stream().noneMatch(c -> c.startsWith("c:")), shell.started().toString());
    RunEvent.GateFailed failed = eventsOf(RunEvent.GateFailed.class).get(0);
    assertEquals(
        List.of("a", "b", "c", "d", "e"), failed.hosts(), "the gate names every node it checked");
    assertEquals(NodeState.DONE, report.state().of("a"));
    assertEquals(NodeState.AWAITING_HEALTH, report.state().of("b"));
  }

  @Test
  void everyGateChecksTheWholeCluster() {
    run(PlanFixtures.plan(List.of("a", "b", "c"), 1, 2));
    List<RunEvent.GatePassed> passed = eventsOf(RunEvent.GatePassed.class);
    assertEquals(3, passed.size(), passed.toString());
    passed.forEach(p -> assertEquals(List.of("a", "b", "c"), p.hosts(), p.gate()));
  }

  @Test
  void nodeThatNeverGetsHealthyFailsTheRoll() {
    shell.hooks.put("a:start", key -> shell.unhealthy.add("a"));
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1));
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(report.message().contains("a: healthy exited 1"), report.message());
    assertTrue(shell.started().stream().noneMatch(c -> c.startsWith("b:")));
  }

  @Test
  void skipLeavesTheFirstNodesUntouched() {
    RunReport report =
        run(PlanFixtures.plan(List.of("a", "b", "c"), 1, 1, 1), 2, RunControl.UNATTENDED);
    assertEquals(Outcome.DONE, report.outcome());
    assertTrue(
        shell.started().stream().allMatch(c -> c.startsWith("c:")), shell.started().toString());
    assertEquals(NodeState.SKIPPED, report.state().of("a"));
  }

  @Test
  void batchRollsItsNodesTogetherAndGatesBeforeTheNext() {
    RunReport report = run(PlanFixtures.plan(List.of("a", "b", "c", "d"), 2, 2));
    assertEquals(Outcome.DONE, report.outcome());
    List<String> calls = shell.started();
    int lastOfFirstBatch = Math.max(calls.indexOf("a:undrain"), calls.indexOf("b:undrain"));
    int firstOfSecond = Math.min(calls.indexOf("c:drain"), calls.indexOf("d:drain"));
    assertTrue(lastOfFirstBatch < firstOfSecond, calls.toString());
  }

  @Test
  void aRunContinuesANodeLeftStoppedWithoutStoppingItAgain() {
    RolloutPlan plan = PlanFixtures.plan(List.of("a", "b"), 1, 1);
    RolloutState leftStopped =
        RolloutState.initial(plan, 0).with("a", new NodeProgress(NodeState.STOPPED, 2));
    RunReport report =
        run(
            plan,
            leftStopped,
            RunControl.UNATTENDED,
            new RunEvents("test-run", clock, List.of(events::add)));
    assertEquals(Outcome.DONE, report.outcome());
    assertEquals(
        List.of(
            "a:post-stop",
            "a:start",
            "a:undrain",
            "b:drain",
            "b:stop",
            "b:post-stop",
            "b:start",
            "b:undrain"),
        shell.started());
  }

  private static RunControl stoppable(AtomicBoolean stop) {
    return new RunControl() {
      @Override
      public boolean stopRequested() {
        return stop.get();
      }

      @Override
      public boolean continueAfter(List<String> hosts) {
        return true;
      }
    };
  }

  @Test
  void ctrlCStopsAfterTheCurrentStep() {
    AtomicBoolean stop = new AtomicBoolean();
    shell.hooks.put("a:undrain", key -> stop.set(true));
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1), 0, stoppable(stop));
    assertEquals(Outcome.INTERRUPTED, report.outcome());
    assertTrue(
        shell.started().stream().noneMatch(c -> c.startsWith("b:")), shell.started().toString());
    assertEquals(NodeState.PENDING, report.state().of("b"));
  }

  /**
   * Bug: a Ctrl-C between a node's stop and its start left that node stopped. An interruption now
   * brings back a node this run took down, and waits for its gate, before the run ends.
   */
  @Test
  void anInterruptionBringsAStoppedNodeBackAndWaitsForItsGate() {
    AtomicBoolean stop = new AtomicBoolean();
    shell.hooks.put("a:stop", key -> stop.set(true));
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 1, 1), 0, stoppable(stop));
    assertEquals(Outcome.INTERRUPTED, report.outcome());
    assertEquals(
        List.of("a:drain", "a:stop", "a:post-stop", "a:start", "a:undrain"), shell.started());
    assertEquals(NodeState.DONE, report.state().of("a"), "started again and healthy");
    assertEquals(NodeState.PENDING, report.state().of("b"));
    assertTrue(
        eventsOf(RunEvent.GatePassed.class).stream()
            .anyMatch(g -> g.gate().startsWith("health after batch 1")),
        "the gate was awaited");
  }

  @Test
  void anInterruptionLeavesABatchPeerThatWasNotYetStoppedRunning() {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch bDraining = new CountDownLatch(1);
    CountDownLatch aStopped = new CountDownLatch(1);
    shell.hooks.put(
        "a:stop",
        key -> {
          await(bDraining, "b never began its drain");
          stop.set(true);
          aStopped.countDown();
        });
    shell.hooks.put(
        "b:drain",
        key -> {
          bDraining.countDown();
          await(aStopped, "a never stopped");
        });
    RunReport report = run(PlanFixtures.plan(List.of("a", "b"), 2), 0, stoppable(stop));
    assertEquals(Outcome.INTERRUPTED, report.outcome());
    assertEquals(NodeState.DONE, report.state().of("a"));
    assertEquals(NodeState.STOPPING, report.state().of("b"), "b drained, never stopped");
    assertTrue(shell.callsOf("b").stream().noneMatch(c -> c.command().equals("stop")));
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
    assertEquals(NodeState.PENDING, report.state().of("b"));
  }

  private static PlannedStep local(dev.rollrun.api.Phase phase, String command) {
    return new PlannedStep.Local(
        phase.key() + "[0]", phase, null, Command.plain(command), null, null);
  }

  private static RolloutPlan withClusterSteps(RolloutPlan plan) {
    return new RolloutPlan(
        plan.playbookName(),
        plan.playbookFile(),
        plan.cluster(),
        plan.inventorySource(),
        plan.selection(),
        plan.ramp(),
        plan.pause(),
        plan.preCluster(),
        plan.batches(),
        List.of(local(dev.rollrun.api.Phase.POST_CLUSTER, "announce-done")),
        List.of(local(dev.rollrun.api.Phase.ON_FAILURE, "page-someone")),
        plan.bystanders(),
        plan.digest());
  }

  @Test
  void aFailedRunRunsItsOnFailureStepsAndSaysPostClusterDidNotRun() {
    shell.failing.add("b:start");
    RunReport report =
        run(withClusterSteps(PlanFixtures.plan(List.of("a", "b"), 1, 1)), 0, RunControl.UNATTENDED);
    assertEquals(Outcome.FAILED, report.outcome());
    assertTrue(shell.started().contains("local:page-someone"), shell.started().toString());
    assertTrue(!shell.started().contains("local:announce-done"), shell.started().toString());
    assertTrue(
        eventsOf(RunEvent.Warning.class).stream()
            .anyMatch(
                w ->
                    w.message()
                        .equals("the post-cluster steps did not run: the run did not finish")));
  }

  @Test
  void aRunThatEndsDoneRunsPostClusterAndNotOnFailure() {
    RunReport report =
        run(withClusterSteps(PlanFixtures.plan(List.of("a", "b"), 1, 1)), 0, RunControl.UNATTENDED);
    assertEquals(Outcome.DONE, report.outcome());
    assertTrue(shell.started().contains("local:announce-done"), shell.started().toString());
    assertTrue(!shell.started().contains("local:page-someone"), shell.started().toString());
  }

  @Test
  void eventsAreNumberedInOrderAndNameNodesInRollOrder() {
    List<String> hosts =
        List.of("h2", "h10", "h1", "h11", "h3", "h12", "h9", "h8", "h7", "h6", "h5", "h4");
    run(PlanFixtures.plan(hosts, 3, 3, 3, 3));
    synchronized (events) {
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).sequence());
        assertEquals("test-run", events.get(i).runId());
      }
    }
    RunEvent.RunFinished finished = eventsOf(RunEvent.RunFinished.class).get(0);
    assertEquals(hosts, finished.nodes().stream().map(RunEvent.NodeSummary::host).toList());
    assertEquals(hosts, eventsOf(RunEvent.RunStarted.class).get(0).nodes());
  }

  @Test
  void eventsNameStepsByIdAndNeverCarryCommands() {
    run(PlanFixtures.plan(List.of("a"), 1));
    List<String> ids =
        eventsOf(RunEvent.StepStarted.class).stream().map(RunEvent.StepStarted::step).toList();
    assertEquals(
        List.of("pre-stop[drain]", "stop", "post-stop[post-stop]", "start", "post-start[undrain]"),
        ids);
    assertFalse(eventsOf(RunEvent.StepFinished.class).isEmpty());
  }
}

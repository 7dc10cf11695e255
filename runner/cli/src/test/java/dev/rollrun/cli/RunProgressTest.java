package dev.rollrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Phase;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunProgressTest {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private final RunProgress progress = new RunProgress();
  private long seq;

  private void at(int second, RunEvent event) {
    progress.on(new EventEnvelope("r", ++seq, T0.plusSeconds(second), event));
  }

  private void node(int second, String host, NodeState from, NodeState to) {
    at(second, new RunEvent.NodeStateChanged(host, from, to, null));
  }

  /** A canary, then two batches of two: 5 nodes, 3 batches. */
  private void started() {
    at(
        0,
        new RunEvent.RunStarted(
            "demo",
            "abc",
            true,
            3,
            List.of("a", "b", "c", "d", "e"),
            List.of("a", "b", "c", "d", "e")));
  }

  @Test
  void noEstimateBeforeTheFirstBatchIsDone() {
    started();
    at(1, new RunEvent.BatchStarted(1, 3, List.of("a")));
    node(2, "a", NodeState.PENDING, NodeState.STOPPING);
    assertEquals(Optional.empty(), progress.remaining(T0.plusSeconds(5)));
    assertEquals(0, progress.nodesDone());
    assertEquals(Duration.ofSeconds(5), progress.elapsed(T0.plusSeconds(5)));
  }

  @Test
  void theTimeLeftIsTheMeanBatchTimesTheBatchesLeftLessWhatTheCurrentOneTook() {
    started();
    at(10, new RunEvent.BatchStarted(1, 3, List.of("a")));
    node(11, "a", NodeState.PENDING, NodeState.STOPPING);
    node(40, "a", NodeState.AWAITING_HEALTH, NodeState.DONE);
    // Batch 1 done after 30 s, the next not begun: two batches of about 30 s are left.
    assertEquals(Optional.of(Duration.ofSeconds(60)), progress.remaining(T0.plusSeconds(40)));
    at(50, new RunEvent.BatchStarted(2, 3, List.of("b", "c")));
    node(50, "b", NodeState.PENDING, NodeState.STOPPING);
    node(50, "c", NodeState.PENDING, NodeState.STOPPING);
    // Batch 1 took 40 s start to start; batch 2 has run 10 s: 30 s of it and 40 s of batch 3.
    assertEquals(Optional.of(Duration.ofSeconds(70)), progress.remaining(T0.plusSeconds(60)));
    assertEquals(1, progress.nodesDone());
    assertEquals(2, progress.batch());
    assertEquals(
        List.of("b", "c"), progress.inFlight().stream().map(RunProgress.NodeNow::host).toList());
  }

  @Test
  void theNodePartWayShowsItsStepAndTheGateItsStreak() {
    started();
    at(1, new RunEvent.BatchStarted(1, 3, List.of("a")));
    node(1, "a", NodeState.PENDING, NodeState.STOPPING);
    at(2, new RunEvent.StepStarted("a", "stop", Phase.STOP, "run"));
    RunProgress.NodeNow a = progress.inFlight().get(0);
    assertEquals("stop", a.step());
    assertEquals(NodeState.STOPPING, a.state());
    at(
        3,
        new RunEvent.GateProgress(
            "health after batch 1 (a)",
            List.of("a"),
            2,
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            null));
    assertEquals(2, progress.gate().orElseThrow().healthyInARow());
    at(4, new RunEvent.GatePassed("health after batch 1 (a)", List.of("a"), Duration.ofSeconds(2)));
    assertTrue(progress.gate().isEmpty());
  }

  @Test
  void theBarAndTheClockReadAsTheyShould() {
    assertEquals("[====------]", LiveOutput.bar(2, 5, 10));
    assertEquals("0:42", LiveOutput.clock(Duration.ofSeconds(42)));
    assertEquals("1:02:03", LiveOutput.clock(Duration.ofSeconds(3723)));
  }
}

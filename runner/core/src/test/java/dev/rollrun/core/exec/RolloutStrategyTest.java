package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutStrategyTest {

  private final RolloutPlan plan = PlanFixtures.plan(List.of("a", "b", "c", "d", "e"), 1, 2, 2);

  private static RolloutState state(Object... hostAndState) {
    Map<String, NodeProgress> map = new LinkedHashMap<>();
    for (String h : List.of("a", "b", "c", "d", "e")) {
      map.put(h, NodeProgress.PENDING);
    }
    for (int i = 0; i < hostAndState.length; i += 2) {
      map.put((String) hostAndState[i], new NodeProgress((NodeState) hostAndState[i + 1], 2));
    }
    return new RolloutState(map);
  }

  private List<String> next(RolloutState state) {
    return RolloutStrategy.next(plan, state).map(RolloutStrategy.Next::hosts).orElse(List.of());
  }

  @Test
  void firstBatchComesFirst() {
    assertEquals(List.of("a"), next(state()));
  }

  @Test
  void nextBatchOnlyAfterThePreviousIsDone() {
    assertEquals(List.of("b", "c"), next(state("a", NodeState.DONE)));
  }

  @Test
  void aNodeLeftPartWayIsFinishedBeforeAnythingElse() {
    assertEquals(List.of("a"), next(state("a", NodeState.STOPPED)));
    assertEquals(List.of("a"), next(state("a", NodeState.AWAITING_HEALTH)));
    assertEquals(List.of("a"), next(state("a", NodeState.STOPPING)));
  }

  @Test
  void aBatchLeftPartWayIsFinishedWithItsPendingNodes() {
    assertEquals(List.of("b", "c"), next(state("a", NodeState.DONE, "b", NodeState.STARTING)));
    assertEquals(
        List.of("c"),
        next(state("a", NodeState.DONE, "b", NodeState.DONE, "c", NodeState.STOPPED)));
  }

  @Test
  void aNodeInFlightInALaterBatchComesBeforeAnEarlierPendingOne() {
    // Never two batches at once: the batch with a node down is finished first.
    assertEquals(List.of("d", "e"), next(state("d", NodeState.STOPPED)));
  }

  @Test
  void nothingMoreAfterAFailure() {
    assertEquals(List.of(), next(state("a", NodeState.DONE, "b", NodeState.FAILED)));
    assertEquals(List.of(), next(state("a", NodeState.FAILED, "b", NodeState.STOPPED)));
  }

  @Test
  void skippedNodesAreNotRolledAndTheRestOfTheirBatchIs() {
    assertEquals(List.of("c"), next(state("a", NodeState.SKIPPED, "b", NodeState.SKIPPED)));
  }

  @Test
  void doneWhenEveryNodeIsDoneOrSkipped() {
    RolloutState all =
        state(
            "a",
            NodeState.DONE,
            "b",
            NodeState.DONE,
            "c",
            NodeState.DONE,
            "d",
            NodeState.DONE,
            "e",
            NodeState.SKIPPED);
    assertTrue(RolloutStrategy.next(plan, all).isEmpty());
    assertTrue(all.allDone());
  }

  @Test
  void neverMoreNodesThanTheBatchAtOnce() {
    assertEquals(2, next(state("a", NodeState.DONE)).size());
    assertEquals(
        List.of("d", "e"),
        next(state("a", NodeState.DONE, "b", NodeState.DONE, "c", NodeState.DONE)));
  }
}

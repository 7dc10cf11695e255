package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.Phase;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.PlannedStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every node state, every step phase, with and without a failure or a stop request. */
class FailurePolicyTest {

  private static final List<Phase> NODE_PHASES =
      List.of(
          Phase.PRE_STOP,
          Phase.STOP,
          Phase.POST_STOP,
          Phase.SCRIPT,
          Phase.PRE_START,
          Phase.START,
          Phase.POST_START);

  private static PlannedStep step(Phase phase) {
    return new PlannedStep.Run(phase.key(), phase, null, Command.plain("x"), false, null, null);
  }

  /** The rule, written out independently of the implementation. */
  private static FailurePolicy.Verdict expected(NodeState state, boolean failure, boolean stop) {
    boolean down = state == NodeState.STOPPED || state == NodeState.STARTING;
    if (!down) {
      return failure || stop ? FailurePolicy.Verdict.LEAVE : FailurePolicy.Verdict.RUN;
    }
    return FailurePolicy.Verdict.RUN; // taken down by this run: always brought back
  }

  @Test
  void everyCombinationFollowsTheRule() {
    for (NodeState state :
        List.of(NodeState.PENDING, NodeState.STOPPING, NodeState.STOPPED, NodeState.STARTING)) {
      for (Phase phase : NODE_PHASES) {
        for (boolean failure : List.of(false, true)) {
          for (boolean stop : List.of(false, true)) {
            FailurePolicy policy = new FailurePolicy();
            if (failure) {
              policy.failed(new Failure("other", "x", "boom", false));
            }
            assertEquals(
                expected(state, failure, stop),
                policy.before(state, step(phase), stop),
                state + " before " + phase + ", failure " + failure + ", stop " + stop);
          }
        }
      }
    }
  }

  @Test
  void aStopIsNeverAllowedOnceAFailureIsRecorded() {
    FailurePolicy policy = new FailurePolicy();
    assertEquals(
        FailurePolicy.Verdict.RUN, policy.before(NodeState.STOPPING, step(Phase.STOP), false));
    policy.failed(new Failure("a", "pre-stop[0]", "boom", false));
    assertEquals(
        FailurePolicy.Verdict.LEAVE, policy.before(NodeState.STOPPING, step(Phase.STOP), false));
    assertEquals(
        FailurePolicy.Verdict.LEAVE, policy.before(NodeState.PENDING, step(Phase.PRE_STOP), false));
  }

  @Test
  void theFirstFailureIsTheRunsFailure() {
    FailurePolicy policy = new FailurePolicy();
    policy.failed(new Failure("a", "stop", "first", false));
    policy.failed(new Failure("b", "stop", "second", true));
    assertEquals("first", policy.failure().message());
  }

  @Test
  void aStopRequestIsRememberedAndNeverLeavesANodeDown() {
    FailurePolicy policy = new FailurePolicy();
    policy.before(NodeState.PENDING, step(Phase.PRE_STOP), true);
    assertEquals(
        FailurePolicy.Verdict.LEAVE, policy.before(NodeState.PENDING, step(Phase.PRE_STOP), false));
    assertEquals(
        FailurePolicy.Verdict.RUN, policy.before(NodeState.STOPPED, step(Phase.START), false));
  }
}

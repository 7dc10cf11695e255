package dev.rollrun.core.exec;

import dev.rollrun.api.Phase;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.plan.PlannedStep;

/**
 * The one place that decides, before each step of a node, whether it may run, once something may
 * have gone wrong elsewhere. Shared by the nodes of a batch, which run at the same time.
 *
 * <ul>
 *   <li>A node whose stop command has not started is left running (as it is: PENDING, or STOPPING
 *       after some pre-stop steps) once any failure is known or the operator asked to stop: nothing
 *       is stopped after a failure is known.
 *   <li>A node that is going down or down (its stop command started) runs its remaining steps when
 *       another node failed, so that it is started again: one failure never leaves several nodes
 *       down. When the operator pressed Ctrl-C instead, it stops after the current step.
 * </ul>
 *
 * <p>"Known" is exact: the decision to run a stop command and the recording of a failure are taken
 * under one lock, so a failure recorded at any moment before the check is seen by it.
 */
public final class FailurePolicy {

  /** What a node does before a step. */
  public enum Verdict {
    RUN,
    LEAVE
  }

  private Failure first;
  private boolean stopRequested;

  /** Records a failure; the first one is the run's failure. */
  public synchronized void failed(Failure failure) {
    if (first == null) {
      first = failure;
    }
  }

  /** Records that the operator asked the run to stop after the current step. */
  public synchronized void stopRequested() {
    stopRequested = true;
  }

  public synchronized Failure failure() {
    return first;
  }

  public synchronized boolean failureKnown() {
    return first != null;
  }

  public synchronized boolean isStopRequested() {
    return stopRequested;
  }

  /**
   * Whether a node may run its next step.
   *
   * @param state the node's state before the step
   * @param step the step
   * @param stopRequestedNow whether the operator has asked to stop (polled by the caller)
   */
  public synchronized Verdict before(NodeState state, PlannedStep step, boolean stopRequestedNow) {
    if (stopRequestedNow) {
      stopRequested = true;
    }
    boolean stopStarted = state == NodeState.STOPPED || state == NodeState.STARTING;
    if (!stopStarted) {
      // Still up: pre-stop steps or the stop command itself.
      return first != null || stopRequested ? Verdict.LEAVE : Verdict.RUN;
    }
    return Verdict.RUN; // down because of this run: bring it back
  }

  /** Whether a step is the one that takes the node down. */
  static boolean takesNodeDown(PlannedStep step) {
    return step.phase() == Phase.STOP;
  }
}

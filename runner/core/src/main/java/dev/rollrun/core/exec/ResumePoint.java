package dev.rollrun.core.exec;

import dev.rollrun.api.Phase;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;

/**
 * Where a node continues when a run is continued, from what the journal of the earlier run saw of
 * it. The one rule that outranks every other: <b>a node whose stop command was started is never
 * stopped again</b> — whether that command finished, failed or was cut off by a crash, the node
 * continues with the step after it (its start brings the service back).
 *
 * <ul>
 *   <li>A step started but never finished (a crash) runs again; a failed step runs again, so a run
 *       that failed can be continued once its cause is fixed. Steps must be safe to repeat.
 *   <li>A node awaiting health awaits it again; a done or skipped node stays so.
 * </ul>
 */
public final class ResumePoint {

  private ResumePoint() {}

  /**
   * What the journal saw of a node.
   *
   * @param state its last recorded state
   * @param cursor its last recorded step cursor (the index of its next step)
   * @param unfinishedStep the id of a step it started and never finished or failed, or null
   * @param failedStep the id of the step that failed, or null
   */
  public record Seen(NodeState state, int cursor, String unfinishedStep, String failedStep) {}

  /** Where {@code node} continues. */
  public static NodeProgress of(NodePlan node, Seen seen) {
    String interrupted = seen.unfinishedStep() != null ? seen.unfinishedStep() : seen.failedStep();
    if (seen.state() == NodeState.DONE
        || seen.state() == NodeState.SKIPPED
        || seen.state() == NodeState.PENDING && interrupted == null) {
      return new NodeProgress(seen.state(), seen.state() == NodeState.PENDING ? 0 : seen.cursor());
    }
    if (seen.state() == NodeState.AWAITING_HEALTH && interrupted == null) {
      return new NodeProgress(NodeState.AWAITING_HEALTH, node.steps().size());
    }
    int stop = indexOfStop(node);
    int at = interrupted == null ? seen.cursor() : indexOf(node, interrupted, seen.cursor());
    if (stop >= 0 && at <= stop && stopStarted(seen, node, stop, interrupted)) {
      return new NodeProgress(NodeState.STOPPED, stop + 1);
    }
    if (at >= node.steps().size()) {
      return new NodeProgress(NodeState.AWAITING_HEALTH, node.steps().size());
    }
    return new NodeProgress(stateBefore(node, at), at);
  }

  /**
   * Whether the stop command was started: it was the interrupted step, or the cursor is past it.
   */
  private static boolean stopStarted(Seen seen, NodePlan node, int stop, String interrupted) {
    return node.steps().get(stop).id().equals(interrupted) || seen.cursor() > stop;
  }

  /** The state of a node about to run step {@code at}, the steps before it done. */
  private static NodeState stateBefore(NodePlan node, int at) {
    if (at == 0) {
      return NodeState.PENDING;
    }
    Phase phase = node.steps().get(at).phase();
    return NodeRun.stateDuring(phase, NodeState.PENDING);
  }

  private static int indexOfStop(NodePlan node) {
    for (int i = 0; i < node.steps().size(); i++) {
      if (node.steps().get(i).phase() == Phase.STOP) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(NodePlan node, String id, int otherwise) {
    for (int i = 0; i < node.steps().size(); i++) {
      PlannedStep step = node.steps().get(i);
      if (step.id().equals(id)) {
        return i;
      }
    }
    return otherwise;
  }
}

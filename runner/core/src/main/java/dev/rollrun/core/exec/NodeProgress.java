package dev.rollrun.core.exec;

import dev.rollrun.core.event.NodeState;

/**
 * Where one node is: its state and its step cursor.
 *
 * @param next the index, in the node's planned steps, of the next step to run; the number of its
 *     steps once all have run
 */
public record NodeProgress(NodeState state, int next) {

  public static final NodeProgress PENDING = new NodeProgress(NodeState.PENDING, 0);
  public static final NodeProgress SKIPPED = new NodeProgress(NodeState.SKIPPED, 0);

  public NodeProgress {
    if (next < 0) {
      throw new IllegalArgumentException("step cursor must not be negative: " + next);
    }
  }

  public NodeProgress with(NodeState to) {
    return new NodeProgress(to, next);
  }

  public NodeProgress at(int step) {
    return new NodeProgress(state, step);
  }
}

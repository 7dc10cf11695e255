package dev.rollrun.core.exec;

import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.List;
import java.util.Optional;

/**
 * Which nodes to roll next: a pure function of the plan and the state, so that "never two batches
 * at once" and "nothing after a failure" are decided in one place and tested without SSH.
 *
 * <p>The next batch is the first one with a PENDING node, and only when no node is in flight and
 * none has failed. Within it, only PENDING nodes are returned (SKIPPED ones stay skipped).
 */
public final class RolloutStrategy {

  private RolloutStrategy() {}

  public static Optional<Next> next(RolloutPlan plan, RolloutState state) {
    for (NodeState s : state.nodes().values()) {
      if (s == NodeState.FAILED || (!s.isFinal() && s != NodeState.PENDING)) {
        return Optional.empty();
      }
    }
    for (Batch batch : plan.batches()) {
      List<NodePlan> pending =
          batch.nodes().stream()
              .filter(n -> state.of(n.host().name()) == NodeState.PENDING)
              .toList();
      if (!pending.isEmpty()) {
        return Optional.of(new Next(batch, pending));
      }
    }
    return Optional.empty();
  }

  /** A batch and the nodes of it still to roll. */
  public record Next(Batch batch, List<NodePlan> nodes) {
    public Next {
      nodes = List.copyOf(nodes);
    }
  }
}

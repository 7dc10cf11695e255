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
 * <ul>
 *   <li>After any failure: nothing.
 *   <li>A batch with a node in flight (stopping, stopped, starting or awaiting health: a run that
 *       ended part way) comes first: its in-flight nodes must be finished, never skipped, together
 *       with its pending nodes, and its health gate must pass. No other batch is returned while one
 *       has a node in flight.
 *   <li>Otherwise the first batch with a PENDING node, with those nodes.
 *   <li>Nothing when every node is DONE or SKIPPED.
 * </ul>
 */
public final class RolloutStrategy {

  private RolloutStrategy() {}

  public static Optional<Next> next(RolloutPlan plan, RolloutState state) {
    if (state.anyFailed()) {
      return Optional.empty();
    }
    for (Batch batch : plan.batches()) {
      if (batch.nodes().stream().anyMatch(n -> state.of(n.host().name()).inFlight())) {
        return Optional.of(new Next(batch, unfinished(batch, state)));
      }
    }
    for (Batch batch : plan.batches()) {
      List<NodePlan> unfinished = unfinished(batch, state);
      if (!unfinished.isEmpty()) {
        return Optional.of(new Next(batch, unfinished));
      }
    }
    return Optional.empty();
  }

  private static List<NodePlan> unfinished(Batch batch, RolloutState state) {
    return batch.nodes().stream()
        .filter(n -> !state.of(n.host().name()).isFinal())
        .filter(n -> state.of(n.host().name()) != NodeState.SKIPPED)
        .toList();
  }

  /** A batch and the nodes of it still to roll or to finish. */
  public record Next(Batch batch, List<NodePlan> nodes) {
    public Next {
      nodes = List.copyOf(nodes);
    }

    public List<String> hosts() {
      return nodes.stream().map(n -> n.host().name()).toList();
    }
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.HashMap;
import java.util.Map;

/**
 * The run's {@link RolloutState}, changed only through {@link #move}: each change is one
 * transition, reported as a {@link RunEvent.NodeStateChanged} with the node's step cursor. Shared
 * by the nodes of a batch.
 */
final class NodeStates {

  private final EventSink events;
  private final Map<String, NodePlan> plans = new HashMap<>();
  private RolloutState state;

  NodeStates(RolloutPlan plan, RolloutState initial, EventSink events) {
    this.events = events;
    this.state = initial;
    plan.nodes().forEach(n -> plans.put(n.host().name(), n));
  }

  synchronized RolloutState snapshot() {
    return state;
  }

  synchronized NodeProgress progress(String host) {
    return state.progress(host);
  }

  /**
   * Moves a node to a state and step cursor. A change of state is reported; a cursor that moves
   * within a state is recorded only (the step events say which step ran).
   */
  synchronized void move(String host, NodeState to, int next) {
    NodeProgress from = state.progress(host);
    NodeProgress moved = new NodeProgress(to, next);
    if (from.equals(moved)) {
      return;
    }
    if (from.state().isFinal() && from.state() != to) {
      throw new IllegalStateException(
          host + " is " + from.state() + " and cannot become " + to + " in the same run");
    }
    state = state.with(host, moved);
    if (from.state() != to) {
      events.emit(new RunEvent.NodeStateChanged(host, from.state(), to, stepId(host, next)));
    }
  }

  private String stepId(String host, int next) {
    NodePlan node = plans.get(host);
    return node == null || next >= node.steps().size() ? null : node.steps().get(next).id();
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where every node of a run is, by host name, in roll order, and whether its pre-cluster steps have
 * run: an immutable value. A run starts from one ({@link #initial}, or one replayed from the
 * journal of an earlier run) and moves it forward one transition at a time.
 */
public record RolloutState(Map<String, NodeProgress> nodes, boolean preClusterDone) {

  public RolloutState {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
  }

  public RolloutState(Map<String, NodeProgress> nodes) {
    this(nodes, false);
  }

  /** Every node of the plan PENDING, except the first {@code skip} in roll order, SKIPPED. */
  public static RolloutState initial(RolloutPlan plan, int skip) {
    Map<String, NodeProgress> nodes = new LinkedHashMap<>();
    int index = 0;
    for (NodePlan node : plan.nodes()) {
      nodes.put(node.host().name(), index++ < skip ? NodeProgress.SKIPPED : NodeProgress.PENDING);
    }
    return new RolloutState(nodes);
  }

  /** The node's progress; a host this state does not know is PENDING. */
  public NodeProgress progress(String host) {
    return nodes.getOrDefault(host, NodeProgress.PENDING);
  }

  public NodeState of(String host) {
    return progress(host).state();
  }

  public RolloutState with(String host, NodeProgress progress) {
    Map<String, NodeProgress> copy = new LinkedHashMap<>(nodes);
    copy.put(host, progress);
    return new RolloutState(copy, preClusterDone);
  }

  /** The same, with the pre-cluster steps done. */
  public RolloutState withPreClusterDone() {
    return new RolloutState(nodes, true);
  }

  public boolean anyFailed() {
    return nodes.values().stream().anyMatch(p -> p.state() == NodeState.FAILED);
  }

  /** True when every node is DONE or SKIPPED: the only state in which a run may end DONE. */
  public boolean allDone() {
    return nodes.values().stream()
        .allMatch(p -> p.state() == NodeState.DONE || p.state() == NodeState.SKIPPED);
  }

  public long count(NodeState state) {
    return nodes.values().stream().filter(p -> p.state() == state).count();
  }
}

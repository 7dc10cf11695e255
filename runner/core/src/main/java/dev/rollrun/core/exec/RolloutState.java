package dev.rollrun.core.exec;

import dev.rollrun.core.event.NodeState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The state of every node of a run, by host name; an immutable value. */
public record RolloutState(Map<String, NodeState> nodes) {

  public RolloutState {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
  }

  public NodeState of(String host) {
    return nodes.getOrDefault(host, NodeState.PENDING);
  }

  public RolloutState with(String host, NodeState state) {
    Map<String, NodeState> copy = new LinkedHashMap<>(nodes);
    copy.put(host, state);
    return new RolloutState(copy);
  }

  public boolean anyFailed() {
    return nodes.containsValue(NodeState.FAILED);
  }

  public long count(NodeState state) {
    return nodes.values().stream().filter(s -> s == state).count();
  }
}

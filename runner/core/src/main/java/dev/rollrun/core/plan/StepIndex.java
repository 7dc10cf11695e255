package dev.rollrun.core.plan;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Finds a plan's steps by host and step id (as events name them), in constant time. */
public final class StepIndex {

  private final Map<String, PlannedStep> steps = new HashMap<>();

  public StepIndex(RolloutPlan plan) {
    plan.preCluster().forEach(s -> steps.put(key(null, s.id()), s));
    plan.postCluster().forEach(s -> steps.put(key(null, s.id()), s));
    plan.onFailure().forEach(s -> steps.put(key(null, s.id()), s));
    for (NodePlan node : plan.nodes()) {
      node.steps().forEach(s -> steps.put(key(node.host().name(), s.id()), s));
    }
  }

  /** The step {@code id} of {@code host}, or of the cluster-wide steps when host is null. */
  public Optional<PlannedStep> find(String host, String id) {
    return Optional.ofNullable(steps.get(key(host, id)));
  }

  private static String key(String host, String id) {
    return (host == null ? "" : host) + "\u0000" + id;
  }
}

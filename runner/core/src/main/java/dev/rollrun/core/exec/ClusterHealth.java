package dev.rollrun.core.exec;

import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.List;

/**
 * The health of the whole cluster: every node of the playbook's selection, each with its own
 * conditions, whatever {@code --limit} and {@code --skip} leave to roll. Checked before the first
 * node and after every batch, so a node elsewhere that goes unhealthy mid-roll stops the roll.
 */
final class ClusterHealth {

  private final List<HealthGateWaiter.Target> targets;

  ClusterHealth(RolloutPlan plan) {
    this.targets =
        plan.clusterHealth().stream()
            .filter(n -> n.health() != null)
            .map(n -> new HealthGateWaiter.Target(n.host(), n.health()))
            .toList();
  }

  /** Each node's conditions; empty when the playbook declares no health at all. */
  List<HealthGateWaiter.Target> targets() {
    return targets;
  }

  List<String> hosts() {
    return targets.stream().map(t -> t.host().name()).toList();
  }

  boolean isEmpty() {
    return targets.isEmpty();
  }

  /**
   * The gate's timing (interval, consecutive, timeout) is the playbook's, the same for every node,
   * so the first node's applies.
   */
  PlannedGate timing() {
    return targets.get(0).gate();
  }
}

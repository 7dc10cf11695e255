package dev.rollrun.plugins.consul;

import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;

/**
 * "Safe to switch over?": the node is the one active node, and the standby to promote passes its
 * Consul checks. A standby in the selection is refused before anything changes (consul-switchover
 * rolls standbys first for that reason): a switchover rolls the active node alone.
 */
final class SwitchoverCheck implements StopCheck {

  @Override
  public String name() {
    return "switchover";
  }

  @Override
  public Verdict check(TaskContext context, TaskArgs settings) {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    ServiceState state = ServiceState.read(new ConsulClient(context, s));
    SwitchoverPlan plan;
    try {
      plan = SwitchoverPlan.of(state.cluster(), NodeNames.of(context.host()), s.switchTo());
    } catch (ConsulException e) {
      return Verdict.unsafe(e.getMessage());
    }
    String health = state.healthOf(plan.to());
    if (!health.equals("passing")) {
      return Verdict.unsafe(plan.to() + ", the standby to promote, is " + health + " in Consul");
    }
    return Verdict.safe(
        plan.to() + " (standby, passing) becomes the active, " + plan.from() + " a standby");
  }
}

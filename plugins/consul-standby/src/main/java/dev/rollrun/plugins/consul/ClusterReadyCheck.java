package dev.rollrun.plugins.consul;

import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;

/**
 * "Safe to stop?" as Consul sees the service: the node is listed active or standby, exactly one
 * node is active, no promote or demote flag is set (no switchover under way or left half-way), no
 * one holds the switchover lock, and every node passes its Consul checks.
 */
final class ClusterReadyCheck implements StopCheck {

  @Override
  public String name() {
    return "cluster in Consul";
  }

  @Override
  public Verdict check(TaskContext context, TaskArgs settings) {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    ServiceState state = ServiceState.read(new ConsulClient(context, s));
    String node = NodeNames.of(context.host());
    String key = s.clusterKey();
    String role = state.cluster().roleOf(node);
    if (role == null) {
      return Verdict.unsafe(
          node + " is neither active nor standby in " + key + " (" + state.describe() + ")");
    }
    if (state.cluster().active().size() != 1) {
      return Verdict.unsafe(
          key
              + " names "
              + state.cluster().active().size()
              + " active nodes ("
              + String.join(", ", state.cluster().active())
              + "): an active/standby pair has exactly one");
    }
    if (!state.flagsSet().isEmpty()) {
      return Verdict.unsafe(
          "a switchover is under way or was left half-way: "
              + String.join(", ", state.flagsSet())
              + " (after a crashed rollrun switchover, rollrun resume RUN-ID puts it right)");
    }
    if (state.locked()) {
      return Verdict.unsafe(
          "a switchover holds the lock "
              + s.lockKey()
              + " (session "
              + state.lock().session()
              + ")");
    }
    if (!state.notPassing().isEmpty()) {
      return Verdict.unsafe(
          "not every node passes its Consul checks: " + String.join(", ", state.notPassing()));
    }
    return Verdict.safe(node + " is " + role + "; " + state.describe() + "; no flag set");
  }
}

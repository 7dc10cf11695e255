package dev.rollrun.plugins.consul;

import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;

/**
 * "Safe to stop?" as the node itself sees it: its local services and its role check agree with the
 * role Consul gives it (a standby that acts as the active means two actives already).
 */
final class LocalRoleCheck implements StopCheck {

  @Override
  public String name() {
    return "local role";
  }

  @Override
  public Verdict check(TaskContext context, TaskArgs settings) {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    ConsulClient client = new ConsulClient(context, s);
    String node = NodeNames.of(context.host());
    String role = ServiceCluster.of(s.clusterKey(), client.read(s.clusterKey())).roleOf(node);
    if (role == null) {
      return Verdict.unsafe(node + " is neither active nor standby in " + s.clusterKey());
    }
    LocalState local = LocalState.read(context, s);
    String wrong = local.disagreement(role, s.standbyRuns());
    return wrong == null
        ? Verdict.safe(node + " is " + role + ": " + local.summary())
        : Verdict.unsafe(node + " is " + role + " in Consul, but " + wrong);
  }
}

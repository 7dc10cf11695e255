package dev.rollrun.core.journal;

import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.TreeSet;

/**
 * The name of a cluster's lock: the cluster behaviour and a digest of the address and port of every
 * node whose health counts (the playbook's whole selection). Two runs over the same nodes — the
 * same playbook from two directories, two playbooks of one cluster, or two {@code --limit}s — take
 * the same lock.
 */
public final class ClusterLockName {

  private ClusterLockName() {}

  public static String of(RolloutPlan plan) {
    TreeSet<String> endpoints = new TreeSet<>();
    for (NodePlan node : plan.clusterHealth()) {
      endpoints.add(node.host().address() + ":" + node.host().port());
    }
    return plan.cluster() + "-" + FileDigest.ofText(String.join("\n", endpoints));
  }
}

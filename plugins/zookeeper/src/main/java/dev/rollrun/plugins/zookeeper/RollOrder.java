package dev.rollrun.plugins.zookeeper;

import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Observers first (they do not vote: restarting one never touches the quorum, so they are the
 * cheapest canaries), then the followers, the leader last (its restart is the one that makes the
 * ensemble elect, and it happens once). Within each kind, inventory order. The kinds are the roles
 * discovery gave the hosts; offline (plan, validate) no host has one yet, and the order is the
 * inventory's.
 */
final class RollOrder {

  private RollOrder() {}

  static List<Host> of(List<Host> hosts) {
    List<Host> ordered = new ArrayList<>(hosts);
    ordered.sort(Comparator.comparingInt(RollOrder::rank));
    return ordered;
  }

  private static int rank(Host host) {
    if (host.hasRole(MemberStatus.LEADER)) {
      return 2;
    }
    if (host.hasRole(MemberStatus.OBSERVER)) {
      return 0;
    }
    return 1;
  }
}

package dev.rollrun.plugins.kafka;

import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order a Kafka cluster is rolled in: by broker id, the active controller last (in KRaft the
 * metadata quorum's leader; with combined broker and controller nodes, that node), so that the
 * controller moves once, at the end, rather than with every broker. Hosts whose broker id is not
 * known yet (a plan made offline, without {@code broker.id} vars) keep the inventory's order, after
 * those whose id is known.
 */
final class RollOrder {

  private RollOrder() {}

  static List<Host> order(List<Host> hosts) {
    List<Host> ordered = new ArrayList<>(hosts);
    ordered.sort(
        Comparator.comparing(RollOrder::leads)
            .thenComparing(
                h -> DiscoveredFacts.brokerId(h), Comparator.nullsLast(Comparator.naturalOrder())));
    return List.copyOf(ordered);
  }

  /** Whether the host runs the active controller, as discovery found. */
  static boolean leads(Host host) {
    return host.hasRole(BrokerDiscovery.QUORUM_LEADER)
        || host.hasRole(BrokerDiscovery.ACTIVE_CONTROLLER);
  }
}

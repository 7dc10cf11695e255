package dev.rollrun.plugins.kafka;

import dev.rollrun.api.Host;
import java.util.Map;

/**
 * What discovery found about a host, as rollrun hands it back: the member's facts as the host's
 * {@code discovered.*} variables, and its roles among the host's roles.
 */
final class DiscoveredFacts {

  static final String PREFIX = "discovered";

  private DiscoveredFacts() {}

  /** The fact {@code name} of a host, or null: {@code vars.discovered.name}. */
  static Object fact(Host host, String name) {
    Object discovered = host.vars().get(PREFIX);
    if (discovered instanceof Map<?, ?> facts && facts.containsKey(name)) {
      return facts.get(name);
    }
    return host.vars().get(PREFIX + "." + name);
  }

  /**
   * The broker id of a host: the one discovery found, else its {@code broker.id} var, else null
   * (then only the cluster can tell, by its address).
   */
  static Integer brokerId(Host host) {
    Object found = fact(host, BrokerDiscovery.BROKER_ID);
    if (found instanceof Number n) {
      return n.intValue();
    }
    if (found != null) {
      try {
        return Integer.parseInt(found.toString().strip());
      } catch (NumberFormatException e) {
        // not a number: fall back to the inventory
      }
    }
    return InventoryMatch.brokerIdOf(host);
  }
}

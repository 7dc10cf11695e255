package dev.rollrun.plugins.consul;

import dev.rollrun.api.Host;
import java.util.List;

/**
 * How an inventory host and a Consul node name each other: the host variable {@code consul_node}
 * when the host has one (PowerConsul names a node by its hostname), else the inventory name. A
 * Consul node also matches a host by the host's address.
 */
final class NodeNames {

  static final String VARIABLE = "consul_node";

  private NodeNames() {}

  /** The Consul node name of {@code host}. */
  static String of(Host host) {
    Object name = host.vars().get(VARIABLE);
    return name == null || String.valueOf(name).isBlank() ? host.name() : String.valueOf(name);
  }

  /** The host that is Consul node {@code node}, or null. */
  static Host hostOf(String node, List<Host> hosts) {
    for (Host host : hosts) {
      if (of(host).equals(node)) {
        return host;
      }
    }
    for (Host host : hosts) {
      if (host.address().equals(node)) {
        return host;
      }
    }
    return null;
  }
}

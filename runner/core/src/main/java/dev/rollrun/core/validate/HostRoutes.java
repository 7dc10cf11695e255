package dev.rollrun.core.validate;

import dev.rollrun.api.Host;
import java.util.Optional;

/**
 * Where a host's connection really goes, once the operator's SSH configuration has had its say: an
 * inventory alias may name the same machine as another host, through its {@code HostName}, {@code
 * Port}, jump hosts or {@code ProxyCommand}. {@link InventoryChecks} refuses two hosts with one
 * route: one machine would be restarted twice.
 */
@FunctionalInterface
public interface HostRoutes {

  /**
   * The machine a host reaches.
   *
   * @param machine what identifies it: address and port, behind any jump hosts or command ({@code
   *     10.0.0.5:22}, {@code bastion:22 -> 10.0.0.5:22})
   * @param resolvedBy what turned the inventory's address into it ({@code ~/.ssh/config}), or
   *     {@code null} when it is the inventory's own address and port
   */
  record Route(String machine, String resolvedBy) {}

  /**
   * The host's route, or empty when it cannot be told now (its connection will say why); the host
   * is then compared by its inventory address and port.
   */
  Optional<Route> of(Host host);

  /** The inventory's own address and port, as written. */
  HostRoutes AS_WRITTEN = host -> Optional.of(asWritten(host));

  /** {@code address:port} of the inventory, port 22 when it leaves it out. */
  static Route asWritten(Host host) {
    return new Route(host.address() + ":" + (host.port() > 0 ? host.port() : 22), null);
  }
}

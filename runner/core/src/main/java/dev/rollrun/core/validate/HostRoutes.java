package dev.rollrun.core.validate;

import dev.rollrun.api.Host;
import java.util.List;
import java.util.Optional;

/**
 * Where a host's connection really goes, once the operator's SSH configuration has had its say: an
 * inventory alias may name the same machine as another host, through its {@code HostName}, {@code
 * Port}, jump hosts or {@code ProxyCommand}. {@link InventoryChecks} refuses two hosts with one
 * route: one machine would be restarted twice, and a host whose inventory gives it a setting the
 * SSH layer refuses ({@link #refusal}).
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

  /**
   * What the SSH layer says of a setting the inventory gave a host: that it refuses it, or does not
   * apply it.
   *
   * @param setting which one: {@code address}, {@code port}, {@code user}, {@code identity}, or the
   *     host variable holding the {@code -o} option ({@code ssh.options}, {@code
   *     ansible_ssh_common_args})
   * @param message what, naming the setting ({@code ansible_ssh_common_args: PubkeyAuthentication
   *     no: rollrun authenticates with public keys only})
   */
  record InventorySetting(String setting, String message) {}

  /**
   * Why a host cannot be connected to as its inventory says, when the inventory is what must
   * change; asked only of a host without a route. Empty when nothing the inventory gave is refused
   * (a problem of the operator's ssh_config is said when connecting).
   */
  default Optional<InventorySetting> refusal(Host host) {
    return Optional.empty();
  }

  /**
   * The {@code -o} options the inventory gave a host that the SSH layer reads but does not apply
   * ({@code ControlMaster}, {@code ForwardAgent}, {@code StrictHostKeyChecking no}): said as
   * warnings, so that nothing in an inventory is dropped without a word.
   */
  default List<InventorySetting> notApplied(Host host) {
    return List.of();
  }

  /** The inventory's own address and port, as written. */
  HostRoutes AS_WRITTEN = host -> Optional.of(asWritten(host));

  /** {@code address:port} of the inventory, port 22 when it leaves it out. */
  static Route asWritten(Host host) {
    return new Route(host.address() + ":" + (host.port() > 0 ? host.port() : 22), null);
  }
}

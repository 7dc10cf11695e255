package dev.rollrun.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a cluster, as an inventory describes it.
 *
 * @param name the inventory name, unique within an inventory ({@code kafka-1})
 * @param address what SSH connects to: a DNS name, an IP address or an {@code ~/.ssh/config} alias
 * @param port the SSH port, or 0 when the inventory leaves it to {@code ~/.ssh/config} (22)
 * @param user the SSH user, or {@code null} when the inventory leaves it to {@code ~/.ssh/config}
 * @param identity the private key file, or {@code null}
 * @param roles roles and groups the host belongs to, in inventory order
 * @param rack rack, or {@code null}
 * @param zone zone, or {@code null}
 * @param vars host variables (defaults, then groups, then the host's own)
 */
public record Host(
    String name,
    String address,
    int port,
    String user,
    String identity,
    List<String> roles,
    String rack,
    String zone,
    Map<String, Object> vars) {

  public Host {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    roles = List.copyOf(roles);
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** {@code address:port} when a port is set, else the address. */
  public String endpoint() {
    return port > 0 ? address + ":" + port : address;
  }
}

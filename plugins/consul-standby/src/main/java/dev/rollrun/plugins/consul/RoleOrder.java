package dev.rollrun.plugins.consul;

import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * Standbys first, the active last: a roll never takes the active down while a standby it could fail
 * over to is itself restarting. Hosts carry the roles discovery found ({@code active}, {@code
 * standby}); offline they carry the inventory's, and keep inventory order within each role.
 */
final class RoleOrder {

  private RoleOrder() {}

  static List<Host> standbysFirst(List<Host> hosts) {
    List<Host> ordered = new ArrayList<>();
    hosts.stream().filter(h -> h.hasRole("standby") && !h.hasRole("active")).forEach(ordered::add);
    hosts.stream().filter(h -> !h.hasRole("standby") && !h.hasRole("active")).forEach(ordered::add);
    hosts.stream().filter(h -> h.hasRole("active")).forEach(ordered::add);
    return ordered;
  }
}

package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The roles a discovered node gets, named as turtletoss named them, usable in {@code --limit} and
 * {@code hosts:}:
 *
 * <ul>
 *   <li>{@code clients}: neither master-eligible nor holding data (coordinating, ingest, ML nodes);
 *   <li>{@code masters}: master-eligible, not the elected master;
 *   <li>{@code data}: holding data, not the elected master;
 *   <li>{@code active}: the elected master;
 *   <li>{@code almost}: every node but the elected master;
 *   <li>{@code all}: every node.
 * </ul>
 *
 * A master-eligible data node is in {@code masters} and {@code data}, and rolls with the data
 * nodes. The roll order (Elastic's rolling-restart order): clients, dedicated standby masters, data
 * nodes by tier (frozen, cold, warm, then hot and untiered), the elected master last.
 */
final class RollRoles {

  static final String CLIENTS = "clients";
  static final String MASTERS = "masters";
  static final String DATA = "data";
  static final String ACTIVE = "active";
  static final String ALMOST = "almost";
  static final String ALL = "all";

  /** The host variables {@code discover} fills, under {@code discovered}. */
  static final String DISCOVERED = "discovered";

  static final String TIER_FACT = "tier";

  private RollRoles() {}

  static List<String> of(ClusterNode node, boolean elected) {
    List<String> roles = new ArrayList<>();
    if (elected) {
      roles.add(ACTIVE);
    } else {
      if (!node.masterEligible() && !node.holdsData()) {
        roles.add(CLIENTS);
      }
      if (node.masterEligible()) {
        roles.add(MASTERS);
      }
      if (node.holdsData()) {
        roles.add(DATA);
      }
      roles.add(ALMOST);
    }
    roles.add(ALL);
    return List.copyOf(roles);
  }

  /**
   * Where a host rolls: 0 clients, 1 standby masters without data, 2 data nodes, 3 the elected
   * master; a host with none of these roles (nothing discovered) keeps its place among the data
   * nodes, so that an inventory without discovery rolls in its own order.
   */
  static int rank(Host host) {
    if (host.hasRole(ACTIVE)) {
      return 3;
    }
    if (host.hasRole(DATA)) {
      return 2;
    }
    if (host.hasRole(MASTERS)) {
      return 1;
    }
    if (host.hasRole(CLIENTS)) {
      return 0;
    }
    return 2;
  }

  /** Within the data nodes: frozen 0, cold 1, warm 2, then hot, content and untiered nodes 3. */
  static int tierRank(Host host) {
    Object tier = fact(host, TIER_FACT);
    if (tier == null) {
      tier = host.vars().get("tier");
    }
    return switch (String.valueOf(tier)) {
      case "frozen" -> 0;
      case "cold" -> 1;
      case "warm" -> 2;
      default -> 3;
    };
  }

  /** A fact {@code discover} recorded for the host ({@code {{ host.vars.discovered.NAME }}}). */
  static Object fact(Host host, String name) {
    Object discovered = host.vars().get(DISCOVERED);
    if (discovered instanceof Map<?, ?> facts) {
      return facts.get(name);
    }
    return host.vars().get(DISCOVERED + "." + name);
  }
}

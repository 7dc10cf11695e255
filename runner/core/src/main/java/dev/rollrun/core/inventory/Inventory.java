package dev.rollrun.core.inventory;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.SourcePosition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The hosts a playbook may roll, in inventory order, whatever format they were read from.
 *
 * @param source the inventory as messages name it (a file, or {@code demo:5})
 * @param hosts hosts in inventory order, names unique
 * @param positions where each host is declared, by host name, for messages
 * @param settingPositions where a host's settings are written ({@code identity}, ...), keyed by
 *     {@link #settingKey}; a setting inherited from defaults or a group points there
 */
public record Inventory(
    String source,
    List<Host> hosts,
    Map<String, SourcePosition> positions,
    Map<String, SourcePosition> settingPositions) {

  public Inventory {
    hosts = List.copyOf(hosts);
    positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    settingPositions = Collections.unmodifiableMap(new LinkedHashMap<>(settingPositions));
  }

  public Inventory(String source, List<Host> hosts, Map<String, SourcePosition> positions) {
    this(source, hosts, positions, Map.of());
  }

  /** The key of {@code setting} of {@code host} in {@link #settingPositions}. */
  public static String settingKey(String host, String setting) {
    return host + "\u0000" + setting;
  }

  public Optional<Host> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** Every role (and group) any host has, sorted. */
  public SortedSet<String> roles() {
    TreeSet<String> roles = new TreeSet<>();
    hosts.forEach(h -> roles.addAll(h.roles()));
    return Collections.unmodifiableSortedSet(roles);
  }

  /** Where {@code setting} of a host is written, else where the host is declared. */
  public SourcePosition positionOf(String hostName, String setting) {
    SourcePosition found = settingPositions.get(settingKey(hostName, setting));
    return found != null ? found : positionOf(hostName);
  }

  /** Where a host is declared, or the start of the inventory when unknown. */
  public SourcePosition positionOf(String hostName) {
    return positions.getOrDefault(hostName, SourcePosition.startOf(source));
  }
}

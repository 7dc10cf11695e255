package dev.rollrun.core.inventory;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.SourcePosition;
import java.util.ArrayList;
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
 * @param source the inventory as messages name it (a file, a directory, or {@code demo:5})
 * @param hosts hosts in inventory order, names unique
 * @param positions where each host is declared, by host name, for messages
 * @param settingPositions where a host's settings are written, keyed by {@link #settingKey}: the
 *     connection settings {@code address}, {@code port}, {@code user}, {@code identity}, and each
 *     variable as {@link #variableSetting}; a setting inherited from defaults or a group points
 *     there
 * @param groups every group (with {@code all} and {@code ungrouped} for Ansible inventories) and
 *     its hosts, in the order Ansible lists them
 * @param variables every variable of each host as the inventory's own tool shows it ({@code
 *     ansible-inventory --host}): for Ansible inventories with the connection variables that became
 *     the host's address, port, user and identity
 * @param warnings what was read but is not honoured, each where it is written, naming the host
 */
public record Inventory(
    String source,
    List<Host> hosts,
    Map<String, SourcePosition> positions,
    Map<String, SourcePosition> settingPositions,
    Map<String, List<String>> groups,
    Map<String, Map<String, Object>> variables,
    List<ConfigProblem> warnings) {

  /** The group every host of an inventory is in, as Ansible names it. */
  public static final String ALL = "all";

  /** The group of hosts in no other group, as Ansible names it. */
  public static final String UNGROUPED = "ungrouped";

  /**
   * The host variable holding ssh's {@code -o} options for the host (a string or a list of strings,
   * each what follows {@code ssh -o}: {@code "ProxyCommand=ssh -W %h:%p bastion"}): the one way
   * options reach the SSH layer, from any inventory format.
   */
  public static final String SSH_OPTIONS = "ssh.options";

  /**
   * The host variable naming, for each of {@link #SSH_OPTIONS}, the variable the operator wrote it
   * in ({@code ansible_ssh_common_args}), so that messages about it can point there.
   */
  public static final String SSH_OPTIONS_FROM = "ssh.options.from";

  public Inventory {
    hosts = List.copyOf(hosts);
    positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    settingPositions = Collections.unmodifiableMap(new LinkedHashMap<>(settingPositions));
    Map<String, List<String>> groupsCopy = new LinkedHashMap<>();
    groups.forEach((name, members) -> groupsCopy.put(name, List.copyOf(members)));
    groups = Collections.unmodifiableMap(groupsCopy);
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    warnings = List.copyOf(warnings);
  }

  public Inventory(
      String source,
      List<Host> hosts,
      Map<String, SourcePosition> positions,
      Map<String, SourcePosition> settingPositions) {
    this(
        source, hosts, positions, settingPositions, groupsOf(hosts), variablesOf(hosts), List.of());
  }

  public Inventory(String source, List<Host> hosts, Map<String, SourcePosition> positions) {
    this(source, hosts, positions, Map.of());
  }

  /** The groups of an inventory whose hosts name their roles: {@code all}, each role. */
  private static Map<String, List<String>> groupsOf(List<Host> hosts) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put(ALL, hosts.stream().map(Host::name).toList());
    List<String> ungrouped = new ArrayList<>();
    for (Host host : hosts) {
      if (host.roles().isEmpty()) {
        ungrouped.add(host.name());
      }
      for (String role : host.roles()) {
        groups.computeIfAbsent(role, r -> new ArrayList<>()).add(host.name());
      }
    }
    groups.put(UNGROUPED, ungrouped);
    return groups;
  }

  private static Map<String, Map<String, Object>> variablesOf(List<Host> hosts) {
    Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
    hosts.forEach(h -> variables.put(h.name(), h.vars()));
    return variables;
  }

  /** This inventory with more warnings, found by later checks (ssh options not applied). */
  public Inventory withWarnings(List<ConfigProblem> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<ConfigProblem> all = new ArrayList<>(warnings);
    all.addAll(more);
    return new Inventory(source, hosts, positions, settingPositions, groups, variables, all);
  }

  /** The key of {@code setting} of {@code host} in {@link #settingPositions}. */
  public static String settingKey(String host, String setting) {
    return host + "\u0000" + setting;
  }

  /** The setting under which a variable's position is kept in {@link #settingPositions}. */
  public static String variableSetting(String variable) {
    return "var:" + variable;
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

  /** Every variable of a host as its inventory's tool shows it; empty for an unknown host. */
  public Map<String, Object> variablesOf(String hostName) {
    return variables.getOrDefault(hostName, Map.of());
  }

  /** Where {@code setting} of a host is written, if the inventory knows. */
  public Optional<SourcePosition> settingPosition(String hostName, String setting) {
    return Optional.ofNullable(settingPositions.get(settingKey(hostName, setting)));
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

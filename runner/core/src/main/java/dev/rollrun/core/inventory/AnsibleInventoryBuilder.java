package dev.rollrun.core.inventory;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The groups and hosts an Ansible inventory declares, in either format, resolved the way Ansible
 * resolves them into rollrun {@link Host}s.
 *
 * <ul>
 *   <li>Every group is inside {@code all}; a host in no other group is in {@code ungrouped}.
 *   <li>A host's roles are every group it is in, directly or through {@code children}, except
 *       {@code all} and {@code ungrouped}, in the order the groups first appear in the file.
 *   <li>Variables, each overriding the ones before, as Ansible's {@code VariableManager} merges
 *       them: the inventory's {@code all} vars, then those of the host's other groups from the
 *       shallowest to the deepest (ties by {@code ansible_group_priority}, then by name); then
 *       {@code group_vars/all}, then {@code group_vars/<group>} in the same group order; then the
 *       host's own vars in the inventory, then {@code host_vars/<host>}.
 *   <li>{@code ansible_host}, {@code ansible_port}, {@code ansible_user} and {@code
 *       ansible_private_key_file} become the host's address, port, user and identity; their older
 *       {@code ansible_ssh_} spellings win when both are set, as in Ansible's ssh connection plugin
 *       (the last of its variables that is set wins). The {@code -o} options of {@code
 *       ansible_ssh_args}, {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args}
 *       become the host variable {@value Inventory#SSH_OPTIONS} (with {@value
 *       Inventory#SSH_OPTIONS_FROM} naming the variable of each). Every other variable stays in
 *       {@link Host#vars()}; other connection variables are checked by {@link ConnectionVariables}.
 * </ul>
 */
final class AnsibleInventoryBuilder {

  static final String ALL = "all";
  static final String UNGROUPED = "ungrouped";

  private static final String PRIORITY = "ansible_group_priority";
  private static final int DEFAULT_PRIORITY = 1;
  // In the order of Ansible's ssh plugin: the last one set wins.
  private static final List<String> ADDRESS = AnsibleConnectionSettings.VARIABLES.get("address");
  private static final List<String> PORT = AnsibleConnectionSettings.VARIABLES.get("port");
  private static final List<String> USER = AnsibleConnectionSettings.VARIABLES.get("user");
  private static final List<String> IDENTITY = AnsibleConnectionSettings.VARIABLES.get("identity");
  private static final Set<String> CONNECTION =
      Set.of(
          "ansible_host",
          "ansible_ssh_host",
          "ansible_port",
          "ansible_ssh_port",
          "ansible_user",
          "ansible_ssh_user",
          "ansible_private_key_file",
          "ansible_ssh_private_key_file");

  /** A variable's value and where it was written, so a bad value can be pointed at. */
  record Value(Object value, SourcePosition position) {}

  private static final class Group {
    final String name;
    final int order;
    final Map<String, Value> vars = new LinkedHashMap<>();
    final Map<String, Value> fileVars = new LinkedHashMap<>();
    final Map<String, SourcePosition> children = new LinkedHashMap<>();
    final List<String> hosts = new ArrayList<>();

    Group(String name, int order) {
      this.name = name;
      this.order = order;
    }
  }

  private static final class HostEntry {
    final String name;
    final SourcePosition position;
    final Set<String> groups = new LinkedHashSet<>();
    final Map<String, Value> vars = new LinkedHashMap<>();
    final Map<String, Value> fileVars = new LinkedHashMap<>();

    HostEntry(String name, SourcePosition position) {
      this.name = name;
      this.position = position;
    }
  }

  private final String source;
  private final ProblemCollector problems;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, HostEntry> hosts = new LinkedHashMap<>();
  private final ConnectionVariables.Findings findings = new ConnectionVariables.Findings();
  private final List<dev.rollrun.core.problem.ConfigProblem> warnings = new ArrayList<>();

  AnsibleInventoryBuilder(String source, ProblemCollector problems) {
    this.source = source;
    this.problems = problems;
    group(ALL);
    group(UNGROUPED);
  }

  /** Notes a group where it first appears, which fixes its place in every host's roles. */
  void group(String name) {
    if (!groups.containsKey(name)) {
      groups.put(name, new Group(name, groups.size()));
    }
  }

  void groupVar(String group, String key, Value value) {
    group(group);
    groups.get(group).vars.put(key, value);
  }

  void child(String parent, String child, SourcePosition position) {
    group(parent);
    if (child.equals(ALL)) {
      problems.add(
          position,
          "group \""
              + parent
              + "\" lists \"all\" as a child group; every group is already inside \"all\"");
      return;
    }
    if (child.equals(parent)) {
      problems.add(position, "group \"" + parent + "\" lists itself as a child group");
      return;
    }
    group(child);
    groups.get(parent).children.putIfAbsent(child, position);
  }

  /** Adds a host to a group; a host seen before keeps its first position. */
  void host(String name, String group, SourcePosition position) {
    group(group);
    if (hosts.computeIfAbsent(name, n -> new HostEntry(n, position)).groups.add(group)) {
      groups.get(group).hosts.add(name);
    }
  }

  boolean hasGroup(String name) {
    return groups.containsKey(name);
  }

  /** Every group so far, {@code all} and {@code ungrouped} first. */
  List<String> groupNames() {
    return List.copyOf(groups.keySet());
  }

  /** Every host so far, in inventory order. */
  List<String> hostNames() {
    return List.copyOf(hosts.keySet());
  }

  /** Variables of a {@code group_vars} file; a later file's value replaces an earlier one. */
  void groupVarsFile(String group, Map<String, Value> vars) {
    groups.get(group).fileVars.putAll(vars);
  }

  /** Variables of a {@code host_vars} file; a later file's value replaces an earlier one. */
  void hostVarsFile(String host, Map<String, Value> vars) {
    hosts.get(host).fileVars.putAll(vars);
  }

  /** Something read but not honoured, said where it is written. */
  void warn(SourcePosition position, String message) {
    warnings.add(new dev.rollrun.core.problem.ConfigProblem(position, message));
  }

  /** Sets a variable on a host already added; a later value replaces an earlier one. */
  void hostVar(String host, String key, Value value) {
    hosts.get(host).vars.put(key, value);
  }

  /** Resolves every host; problems found on the way are added to the collector. */
  Inventory build() {
    Map<String, List<String>> parents = acyclicParents();
    Map<String, Integer> depths = new HashMap<>();
    Map<String, Integer> priorities = priorities();
    Comparator<String> precedence =
        Comparator.<String>comparingInt(g -> depth(g, parents, depths))
            .thenComparingInt(g -> priorities.getOrDefault(g, DEFAULT_PRIORITY))
            .thenComparing(Comparator.naturalOrder());

    List<Host> resolved = new ArrayList<>();
    Map<String, SourcePosition> positions = new LinkedHashMap<>();
    Map<String, SourcePosition> settings = new LinkedHashMap<>();
    Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
    Group all = groups.get(ALL);
    for (HostEntry entry : hosts.values()) {
      Set<String> memberOf = memberships(entry, parents);
      List<Group> sorted =
          memberOf.stream()
              .filter(g -> !g.equals(ALL))
              .sorted(precedence)
              .map(groups::get)
              .toList();
      Map<String, Value> vars = new LinkedHashMap<>();
      inventoryVars(all, vars);
      sorted.forEach(g -> inventoryVars(g, vars));
      vars.putAll(all.fileVars);
      sorted.forEach(g -> vars.putAll(g.fileVars));
      vars.putAll(entry.vars);
      vars.putAll(entry.fileVars);
      List<ConnectionVariables.SshOption> sshOptions =
          ConnectionVariables.check(entry.name, vars, findings);
      resolved.add(resolve(entry, memberOf, vars, sshOptions));
      positions.put(entry.name, entry.position);
      Map<String, Object> shown = new LinkedHashMap<>();
      vars.forEach(
          (key, value) -> {
            shown.put(key, value.value());
            settings.put(
                Inventory.settingKey(entry.name, Inventory.variableSetting(key)), value.position());
          });
      variables.put(entry.name, shown);
      setting(settings, entry.name, "address", last(vars, ADDRESS));
      setting(settings, entry.name, "port", last(vars, PORT));
      setting(settings, entry.name, "user", last(vars, USER));
      setting(settings, entry.name, "identity", last(vars, IDENTITY));
    }
    problems.addAll(findings.problems());
    List<dev.rollrun.core.problem.ConfigProblem> said = new ArrayList<>(warnings);
    said.addAll(findings.warnings());
    return new Inventory(
        source, resolved, positions, settings, groupHosts(parents), variables, said);
  }

  private static void inventoryVars(Group group, Map<String, Value> vars) {
    group.vars.forEach(
        (key, value) -> {
          if (!key.equals(PRIORITY)) {
            vars.put(key, value);
          }
        });
  }

  private static void setting(
      Map<String, SourcePosition> settings,
      String host,
      String setting,
      Optional<Map.Entry<String, Value>> found) {
    found.ifPresent(
        e -> settings.put(Inventory.settingKey(host, setting), e.getValue().position()));
  }

  /**
   * Each group's hosts as Ansible's {@code Group.get_hosts()} lists them: its own in the order they
   * were added, then those of its children, level by level; {@code all} in inventory order.
   */
  private Map<String, List<String>> groupHosts(Map<String, List<String>> parents) {
    Map<String, List<String>> children = new HashMap<>();
    parents.forEach(
        (child, ps) -> ps.forEach(p -> children.computeIfAbsent(p, k -> new ArrayList<>())));
    for (Group group : groups.values()) {
      for (String child : group.children.keySet()) {
        if (parents.getOrDefault(child, List.of()).contains(group.name)) {
          children.computeIfAbsent(group.name, k -> new ArrayList<>()).add(child);
        }
      }
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    result.put(ALL, List.copyOf(hosts.keySet()));
    List<String> ungrouped = new ArrayList<>();
    for (HostEntry entry : hosts.values()) {
      if (entry.groups.stream().allMatch(g -> g.equals(ALL) || g.equals(UNGROUPED))) {
        ungrouped.add(entry.name);
      }
    }
    result.put(UNGROUPED, ungrouped);
    for (Group group : groups.values()) {
      if (group.name.equals(ALL) || group.name.equals(UNGROUPED)) {
        continue;
      }
      LinkedHashSet<String> members = new LinkedHashSet<>();
      Set<String> seen = new HashSet<>();
      List<String> level = List.of(group.name);
      while (!level.isEmpty()) {
        List<String> next = new ArrayList<>();
        for (String g : level) {
          if (seen.add(g)) {
            members.addAll(groups.get(g).hosts);
            next.addAll(children.getOrDefault(g, List.of()));
          }
        }
        level = next;
      }
      result.put(group.name, List.copyOf(members));
    }
    return result;
  }

  private Host resolve(
      HostEntry entry,
      Set<String> memberOf,
      Map<String, Value> vars,
      List<ConnectionVariables.SshOption> sshOptions) {
    List<String> roles =
        memberOf.stream()
            .filter(g -> !g.equals(ALL) && !g.equals(UNGROUPED))
            .sorted(Comparator.comparingInt(g -> groups.get(g).order))
            .toList();
    Map<String, Object> rest = new LinkedHashMap<>();
    vars.forEach(
        (key, value) -> {
          if (!CONNECTION.contains(key)) {
            rest.put(key, value.value());
          }
        });
    if (!sshOptions.isEmpty()) {
      Value written = vars.get(Inventory.SSH_OPTIONS);
      if (written != null) {
        problems.add(
            written.position(),
            "host \""
                + entry.name
                + "\": "
                + Inventory.SSH_OPTIONS
                + " and "
                + sshOptions.get(0).variable()
                + " both give ssh options: write them in one of the two");
      }
      rest.put(
          Inventory.SSH_OPTIONS,
          sshOptions.stream().map(ConnectionVariables.SshOption::text).toList());
      rest.put(
          Inventory.SSH_OPTIONS_FROM,
          sshOptions.stream().map(ConnectionVariables.SshOption::variable).toList());
    }
    return new Host(
        entry.name,
        text(vars, ADDRESS).orElse(entry.name),
        port(vars),
        text(vars, USER).orElse(null),
        text(vars, IDENTITY).orElse(null),
        roles,
        null,
        null,
        rest);
  }

  /**
   * The parents of each group along {@code children} edges, leaving out (and reporting) every edge
   * that closes a cycle, so that everything after this can walk the graph without looping.
   */
  private Map<String, List<String>> acyclicParents() {
    Map<String, List<String>> parents = new HashMap<>();
    Set<String> finished = new LinkedHashSet<>();
    for (String name : groups.keySet()) {
      visit(name, new ArrayList<>(), finished, parents);
    }
    return parents;
  }

  private void visit(
      String name, List<String> path, Set<String> finished, Map<String, List<String>> parents) {
    if (finished.contains(name)) {
      return;
    }
    path.add(name);
    for (Map.Entry<String, SourcePosition> edge : groups.get(name).children.entrySet()) {
      String child = edge.getKey();
      int onPath = path.indexOf(child);
      if (onPath >= 0) {
        List<String> cycle = new ArrayList<>(path.subList(onPath, path.size()));
        cycle.add(child);
        problems.add(
            edge.getValue(),
            "group \""
                + name
                + "\" lists child group \""
                + child
                + "\", which makes a cycle: "
                + String.join(" -> ", cycle));
        continue;
      }
      parents.computeIfAbsent(child, c -> new ArrayList<>()).add(name);
      visit(child, path, finished, parents);
    }
    path.remove(path.size() - 1);
    finished.add(name);
  }

  /** Ansible's group depth: the longest chain of parents up to {@code all}, which is 0. */
  private int depth(String group, Map<String, List<String>> parents, Map<String, Integer> memo) {
    if (group.equals(ALL)) {
      return 0;
    }
    Integer known = memo.get(group);
    if (known != null) {
      return known;
    }
    int depth = 1;
    for (String parent : parents.getOrDefault(group, List.of())) {
      depth = Math.max(depth, depth(parent, parents, memo) + 1);
    }
    memo.put(group, depth);
    return depth;
  }

  private Map<String, Integer> priorities() {
    Map<String, Integer> priorities = new HashMap<>();
    for (Group group : groups.values()) {
      Value value = group.vars.get(PRIORITY);
      if (value == null) {
        continue;
      }
      Optional<Integer> priority = integer(value.value());
      if (priority.isPresent()) {
        priorities.put(group.name, priority.get());
      } else {
        problems.add(
            value.position(), PRIORITY + " " + describe(value.value()) + " is not a whole number");
      }
    }
    return priorities;
  }

  /** Every group the host is in, directly or through children, with all and ungrouped settled. */
  private Set<String> memberships(HostEntry entry, Map<String, List<String>> parents) {
    Set<String> direct = new LinkedHashSet<>(entry.groups);
    boolean grouped = direct.stream().anyMatch(g -> !g.equals(ALL) && !g.equals(UNGROUPED));
    if (grouped) {
      direct.remove(UNGROUPED);
    } else {
      direct.add(UNGROUPED);
    }
    Set<String> memberOf = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(direct);
    while (!todo.isEmpty()) {
      String group = todo.removeFirst();
      if (memberOf.add(group)) {
        todo.addAll(parents.getOrDefault(group, List.of()));
      }
    }
    memberOf.add(ALL);
    return memberOf;
  }

  /**
   * The last of {@code names} that is set (not null): Ansible's connection plugins read their
   * variables in order and keep the last one found.
   */
  private static Optional<Map.Entry<String, Value>> last(
      Map<String, Value> vars, List<String> names) {
    Optional<Map.Entry<String, Value>> found = Optional.empty();
    for (String name : names) {
      Value value = vars.get(name);
      if (value != null && value.value() != null) {
        found = Optional.of(Map.entry(name, value));
      }
    }
    return found;
  }

  private Optional<String> text(Map<String, Value> vars, List<String> names) {
    Optional<Map.Entry<String, Value>> found = last(vars, names);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String name = found.get().getKey();
    Value value = found.get().getValue();
    if (value.value() instanceof String s) {
      if (s.isBlank()) {
        problems.add(value.position(), name + " is empty");
        return Optional.empty();
      }
      return Optional.of(s);
    }
    if (value.value() instanceof Number || value.value() instanceof Boolean) {
      return Optional.of(value.value().toString());
    }
    problems.add(value.position(), name + " must be text, not " + kindOf(value.value()));
    return Optional.empty();
  }

  private int port(Map<String, Value> vars) {
    Optional<Map.Entry<String, Value>> found = last(vars, PORT);
    if (found.isEmpty()) {
      return 0;
    }
    Value value = found.get().getValue();
    Optional<Integer> port = integer(value.value()).filter(p -> p >= 1 && p <= 65535);
    if (port.isEmpty()) {
      problems.add(
          value.position(),
          found.get().getKey()
              + " "
              + describe(value.value())
              + " is not a port number (1 to 65535)");
      return 0;
    }
    return port.get();
  }

  /** An int from a YAML number or from INI text, which is always a string. */
  private static Optional<Integer> integer(Object value) {
    if (value instanceof Integer i) {
      return Optional.of(i);
    }
    if (value instanceof String s && s.strip().matches("-?[0-9]{1,9}")) {
      return Optional.of(Integer.parseInt(s.strip()));
    }
    return Optional.empty();
  }

  private static String describe(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private static String kindOf(Object value) {
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    return describe(value);
  }
}

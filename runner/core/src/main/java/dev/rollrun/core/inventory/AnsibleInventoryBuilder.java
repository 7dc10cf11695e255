package dev.rollrun.core.inventory;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
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
 *   <li>Variables: {@code all}, then the host's other groups from the shallowest to the deepest
 *       (ties by {@code ansible_group_priority}, then by name), then the host's own, each
 *       overriding the ones before.
 *   <li>{@code ansible_host}, {@code ansible_port}, {@code ansible_user} and {@code
 *       ansible_private_key_file} (and their older {@code ansible_ssh_} spellings, used when the
 *       newer one is unset) become the host's address, port, user and identity; every other
 *       variable stays in {@link Host#vars()}.
 * </ul>
 */
final class AnsibleInventoryBuilder {

  static final String ALL = "all";
  static final String UNGROUPED = "ungrouped";

  private static final String PRIORITY = "ansible_group_priority";
  private static final int DEFAULT_PRIORITY = 1;
  private static final List<String> ADDRESS = List.of("ansible_host", "ansible_ssh_host");
  private static final List<String> PORT = List.of("ansible_port", "ansible_ssh_port");
  private static final List<String> USER = List.of("ansible_user", "ansible_ssh_user");
  private static final List<String> IDENTITY =
      List.of("ansible_private_key_file", "ansible_ssh_private_key_file");
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
    final Map<String, SourcePosition> children = new LinkedHashMap<>();

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

    HostEntry(String name, SourcePosition position) {
      this.name = name;
      this.position = position;
    }
  }

  private final String source;
  private final ProblemCollector problems;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, HostEntry> hosts = new LinkedHashMap<>();

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
    hosts.computeIfAbsent(name, n -> new HostEntry(n, position)).groups.add(group);
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
    for (HostEntry entry : hosts.values()) {
      Set<String> memberOf = memberships(entry, parents);
      Map<String, Value> vars = new LinkedHashMap<>();
      memberOf.stream()
          .sorted(precedence)
          .forEach(
              g ->
                  groups
                      .get(g)
                      .vars
                      .forEach(
                          (key, value) -> {
                            if (!key.equals(PRIORITY)) {
                              vars.put(key, value);
                            }
                          }));
      vars.putAll(entry.vars);
      resolved.add(resolve(entry, memberOf, vars));
      positions.put(entry.name, entry.position);
      first(vars, IDENTITY)
          .ifPresent(
              identity ->
                  settings.put(
                      Inventory.settingKey(entry.name, "identity"),
                      identity.getValue().position()));
    }
    return new Inventory(source, resolved, positions, settings);
  }

  private Host resolve(HostEntry entry, Set<String> memberOf, Map<String, Value> vars) {
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

  /** The first of {@code names} that is set (not null), like Ansible's connection options. */
  private static Optional<Map.Entry<String, Value>> first(
      Map<String, Value> vars, List<String> names) {
    for (String name : names) {
      Value value = vars.get(name);
      if (value != null && value.value() != null) {
        return Optional.of(Map.entry(name, value));
      }
    }
    return Optional.empty();
  }

  private Optional<String> text(Map<String, Value> vars, List<String> names) {
    Optional<Map.Entry<String, Value>> found = first(vars, names);
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
    Optional<Map.Entry<String, Value>> found = first(vars, PORT);
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

package dev.rollrun.core.report;

import dev.rollrun.api.Host;
import dev.rollrun.core.plan.NodePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of a plan gathered into groups that a reviewer reads once: nodes whose plans have the
 * same lines (the same steps, in the same phases, of the same kinds, and the same gate conditions)
 * form one group, in the order their first node comes. Within a group each line is shown once with
 * the node's name and address as placeholders ({@link HostFields}); where nodes still differ, the
 * line has several variants, each with the nodes it holds for.
 */
final class NodeGroups {

  private NodeGroups() {}

  /**
   * One group.
   *
   * @param nodes its nodes in roll order
   * @param lines its lines in order, each with its variants
   */
  record Group(List<NodePlan> nodes, List<GroupLine> lines) {

    List<String> names() {
      return nodes.stream().map(n -> n.host().name()).toList();
    }

    List<Host> hosts() {
      return nodes.stream().map(NodePlan::host).toList();
    }
  }

  /**
   * One line of a group: the variants the nodes have, the most common first (of equal counts, the
   * one whose first node comes first).
   */
  record GroupLine(List<Variant> variants) {

    PlanLine first() {
      return variants.get(0).line();
    }

    boolean differs() {
      return variants.size() > 1;
    }
  }

  /** A line as some nodes of a group have it, placeholders in. */
  record Variant(PlanLine line, List<Host> hosts) {

    List<String> names() {
      return hosts.stream().map(Host::name).toList();
    }
  }

  /** The groups of {@code nodes}, in the order their first node comes. */
  static List<Group> of(List<NodePlan> nodes) {
    // Node indexes by shape, and each node's lines: nodes are never used as keys.
    Map<List<String>, List<Integer>> byShape = new LinkedHashMap<>();
    List<List<PlanLine>> linesOf = new ArrayList<>(nodes.size());
    PlanLines planLines = new PlanLines();
    for (int n = 0; n < nodes.size(); n++) {
      NodePlan node = nodes.get(n);
      List<PlanLine> lines =
          planLines.of(node).stream().map(l -> l.abstractedFor(node.host())).toList();
      linesOf.add(lines);
      byShape
          .computeIfAbsent(lines.stream().map(PlanLine::shape).toList(), k -> new ArrayList<>())
          .add(n);
    }
    List<Group> groups = new ArrayList<>();
    for (List<Integer> members : byShape.values()) {
      int size = linesOf.get(members.get(0)).size();
      List<GroupLine> lines = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        Map<PlanLine, List<Host>> variants = new LinkedHashMap<>();
        for (int n : members) {
          variants
              .computeIfAbsent(linesOf.get(n).get(i), k -> new ArrayList<>())
              .add(nodes.get(n).host());
        }
        List<Variant> ordered = new ArrayList<>();
        variants.forEach((line, hosts) -> ordered.add(new Variant(line, List.copyOf(hosts))));
        // Stable: of equal counts, the variant whose first node comes first stays first.
        ordered.sort(Comparator.comparingInt((Variant v) -> v.hosts().size()).reversed());
        lines.add(new GroupLine(List.copyOf(ordered)));
      }
      groups.add(new Group(members.stream().map(nodes::get).toList(), List.copyOf(lines)));
    }
    return List.copyOf(groups);
  }
}

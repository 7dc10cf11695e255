package dev.rollrun.core.report;

import dev.rollrun.api.Host;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.report.PlanLine.Form;
import java.util.List;

/**
 * The plan for a pull-request comment: a summary table with the roll order, then one table per
 * group of nodes with the same steps ({@link NodeGroups}), differences between its nodes inline or,
 * when a line differs on many nodes, in a folded list. Its length grows with what differs between
 * nodes, not with how many there are. The JSON plan has every node in full.
 */
public final class MarkdownPlanRenderer {

  private static final String NL = "\n";

  /** More order lines than this go into a folded section of their own. */
  private static final int ORDER_IN_TABLE = 8;

  public String render(RolloutPlan plan) {
    StringBuilder out = new StringBuilder(4096);
    out.append("### rollrun plan `")
        .append(plan.digest())
        .append("`: ")
        .append(escape(plan.playbookName()))
        .append(NL)
        .append(NL);
    out.append("| | |").append(NL).append("|---|---|").append(NL);
    row(out, "playbook", code(plan.playbookFile()));
    row(out, "cluster", code(plan.cluster()));
    row(out, "inventory", code(plan.inventorySource()) + " (" + escape(plan.selection()) + ")");
    row(out, "nodes", PlanSummary.nodes(plan));
    row(out, "rollout", escape(PlanSummary.rollout(plan)));
    List<PlanSummary.OrderLine> order = PlanSummary.order(plan);
    if (order.size() <= ORDER_IN_TABLE) {
      row(
          out,
          "order",
          String.join(
              "<br>", order.stream().map(l -> escape(l.batches() + ": " + l.nodes())).toList()));
    } else {
      row(out, "order", order.size() + " lines, below");
    }
    if (!plan.bystanders().isEmpty()) {
      row(
          out,
          "bystanders",
          escape(
              HostRanges.write(plan.bystanders().stream().map(n -> n.host().name()).toList(), 8)
                  + " (not rolled; their health counts)"));
    }
    List<String> checks = PlanSummary.checks(plan);
    if (!checks.isEmpty()) {
      row(out, "checks", String.join("<br>", checks.stream().map(c -> escape(c)).toList()));
    }
    List<String> owned = PlanSummary.owned(plan);
    if (!owned.isEmpty()) {
      row(out, "owned", String.join("<br>", owned.stream().map(o -> escape(o)).toList()));
    }
    row(
        out,
        "commands",
        String.join(
            "<br>",
            PlanSummary.commandForms(PlanSummary.holdsSecrets(plan)).stream()
                .map(
                    form ->
                        form.label()
                            + ": "
                            + code(form.line())
                            + (form.note().isEmpty() ? "" : ", " + escape(form.note())))
                .toList()));
    if (order.size() > ORDER_IN_TABLE) {
      out.append(NL)
          .append("<details><summary>order: ")
          .append(plan.batches().size())
          .append(" batches</summary>")
          .append(NL)
          .append(NL);
      for (PlanSummary.OrderLine line : order) {
        out.append("- ").append(escape(line.batches() + ": " + line.nodes())).append(NL);
      }
      out.append(NL).append("</details>").append(NL);
    }
    if (!plan.preCluster().isEmpty()) {
      out.append(NL).append("#### pre-cluster").append(NL).append(NL);
      table(out, new PlanLines().of(plan.preCluster()));
    }
    for (NodeGroups.Group group : NodeGroups.of(plan.nodes())) {
      group(out, plan, group, "");
    }
    for (NodeGroups.Group group : NodeGroups.of(plan.bystanders())) {
      group(out, plan, group, "bystanders ");
    }
    if (!plan.postCluster().isEmpty()) {
      out.append(NL).append("#### post-cluster").append(NL).append(NL);
      table(out, new PlanLines().of(plan.postCluster()));
    }
    if (!plan.onFailure().isEmpty()) {
      out.append(NL)
          .append("#### on-failure (when the run fails or is interrupted)")
          .append(NL)
          .append(NL);
      table(out, new PlanLines().of(plan.onFailure()));
    }
    return out.toString();
  }

  private static void group(
      StringBuilder out, RolloutPlan plan, NodeGroups.Group group, String prefix) {
    out.append(NL)
        .append("#### ")
        .append(prefix)
        .append(escape(PlanSummary.groupTitle(plan, group)))
        .append(NL)
        .append(NL);
    out.append("hosts: ")
        .append(escape(String.join("; ", PlanSummary.hostFacts(group))))
        .append(NL)
        .append(NL);
    out.append("| phase | kind | what |").append(NL).append("|---|---|---|").append(NL);
    StringBuilder row = null;
    boolean perNode = false;
    for (NodeGroups.GroupLine line : group.lines()) {
      PlanLine first = line.first();
      String cell = cell(line, group.nodes().size());
      perNode |= line.variants().size() > PlanSummary.MAX_VARIANTS;
      if (first.form() == Form.CONDITION) {
        row.append("<br>").append(cell);
        continue;
      }
      if (row != null) {
        out.append(row).append(" |").append(NL);
      }
      row = new StringBuilder("| ").append(first.label()).append(" | ").append(first.kind());
      row.append(" | ").append(cell);
    }
    if (row != null) {
      out.append(row).append(" |").append(NL);
    }
    if (perNode) {
      perNode(out, group);
    }
  }

  /** A line's cell: its one form, or each variant with its nodes. */
  private static String cell(NodeGroups.GroupLine line, int groupSize) {
    List<NodeGroups.Variant> variants = line.variants();
    if (!line.differs()) {
      return what(line.first());
    }
    if (variants.size() > PlanSummary.MAX_VARIANTS) {
      NodeGroups.Variant most = variants.get(0);
      if (most.hosts().size() > 1) {
        return what(most.line())
            + " ("
            + PlanSummary.variantNodes(most)
            + ")<br>_and "
            + (groupSize - most.hosts().size())
            + " nodes otherwise: per node below_";
      }
      return "_differs on every node: per node below_";
    }
    StringBuilder cell = new StringBuilder();
    for (NodeGroups.Variant variant : variants) {
      if (cell.length() > 0) {
        cell.append("<br>");
      }
      cell.append(what(variant.line()))
          .append(" (")
          .append(escape(PlanSummary.variantNodes(variant)))
          .append(")");
    }
    return cell.toString();
  }

  /** The lines that differ on too many nodes to show inline, node by node, folded. */
  private static void perNode(StringBuilder out, NodeGroups.Group group) {
    int count = 0;
    for (NodeGroups.GroupLine line : group.lines()) {
      if (line.variants().size() > PlanSummary.MAX_VARIANTS) {
        count++;
      }
    }
    out.append(NL)
        .append("<details><summary>per node: ")
        .append(count)
        .append(count == 1 ? " line differs" : " lines differ")
        .append("</summary>")
        .append(NL)
        .append(NL)
        .append("| node | phase | what |")
        .append(NL)
        .append("|---|---|---|")
        .append(NL);
    for (NodeGroups.GroupLine line : group.lines()) {
      List<NodeGroups.Variant> variants = line.variants();
      if (variants.size() <= PlanSummary.MAX_VARIANTS) {
        continue;
      }
      boolean skipFirst = variants.get(0).hosts().size() > 1;
      for (NodeGroups.Variant variant : variants.subList(skipFirst ? 1 : 0, variants.size())) {
        for (Host host : variant.hosts()) {
          PlanLine concrete = variant.line().concreteFor(host);
          out.append("| ")
              .append(escape(host.name()))
              .append(" | ")
              .append(concrete.label())
              .append(" | ")
              .append(what(concrete))
              .append(" |")
              .append(NL);
        }
      }
    }
    out.append(NL).append("</details>").append(NL);
  }

  private static void table(StringBuilder out, List<PlanLine> lines) {
    out.append("| phase | kind | what |").append(NL).append("|---|---|---|").append(NL);
    StringBuilder row = null;
    for (PlanLine line : lines) {
      if (line.form() == Form.CONDITION) {
        row.append("<br>").append(what(line));
        continue;
      }
      if (row != null) {
        out.append(row).append(" |").append(NL);
      }
      row =
          new StringBuilder("| ")
              .append(line.label())
              .append(" | ")
              .append(line.kind())
              .append(" | ")
              .append(what(line));
    }
    if (row != null) {
      out.append(row).append(" |").append(NL);
    }
  }

  /** A line's "what" cell: commands and conditions as code, words as words. */
  private static String what(PlanLine line) {
    return switch (line.form()) {
      case COMMAND ->
          (line.name() == null ? "" : escape(line.name()) + ": ") + code(line.body()) + line.note();
      case PLAIN -> (line.name() == null ? "" : escape(line.name()) + ": ") + escape(line.body());
      case GATE -> escape(line.body());
      case CONDITION -> code(line.body());
    };
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("| ").append(name).append(" | ").append(value).append(" |").append(NL);
  }

  /** Inline code that survives backticks and pipes inside commands. */
  static String code(String text) {
    String t = text.replace("|", "\\|");
    String fence = t.contains("`") ? "`` " : "`";
    String close = t.contains("`") ? " ``" : "`";
    return fence + t + close;
  }

  static String escape(String text) {
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;");
  }
}

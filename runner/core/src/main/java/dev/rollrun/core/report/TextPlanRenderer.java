package dev.rollrun.core.report;

import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.report.PlanLine.Form;
import java.util.List;

/**
 * The plan for a terminal: the digest first, the roll order batch by batch, then each group of
 * nodes with the same steps once ({@link NodeGroups}), differences between its nodes listed where
 * they exist. The JSON plan has every node in full.
 */
public final class TextPlanRenderer {

  private static final String NL = "\n";
  private static final int LABEL = 12;
  private static final int KIND = 7;

  public String render(RolloutPlan plan) {
    StringBuilder out = new StringBuilder(4096);
    out.append("plan ").append(plan.digest()).append("  ").append(plan.playbookName()).append(NL);
    field(out, "playbook", plan.playbookFile());
    field(out, "cluster", plan.cluster());
    field(out, "inventory", plan.inventorySource() + " (" + plan.selection() + ")");
    field(out, "nodes", PlanSummary.nodes(plan));
    field(out, "rollout", PlanSummary.rollout(plan));
    String label = "order";
    for (PlanSummary.OrderLine line : PlanSummary.order(plan)) {
      field(out, label, line.batches() + ": " + line.nodes());
      label = "";
    }
    if (!plan.bystanders().isEmpty()) {
      field(
          out,
          "bystanders",
          HostRanges.write(plan.bystanders().stream().map(n -> n.host().name()).toList(), 8)
              + " (not rolled; their health counts)");
    }
    fields(out, "checks", PlanSummary.checks(plan));
    fields(out, "owned", PlanSummary.owned(plan));
    label = "commands";
    for (PlanSummary.CommandForm form : PlanSummary.commandForms(PlanSummary.holdsSecrets(plan))) {
      field(
          out,
          label,
          pad(form.label(), 10) + form.line() + (form.note().isEmpty() ? "" : ", " + form.note()));
      label = "";
    }
    if (!plan.preCluster().isEmpty()) {
      out.append(NL).append("pre-cluster").append(NL);
      lines(out, new PlanLines().of(plan.preCluster()));
    }
    for (NodeGroups.Group group : NodeGroups.of(plan.nodes())) {
      group(out, plan, group, "");
    }
    for (NodeGroups.Group group : NodeGroups.of(plan.bystanders())) {
      group(out, plan, group, "bystanders ");
    }
    if (!plan.postCluster().isEmpty()) {
      out.append(NL).append("post-cluster").append(NL);
      lines(out, new PlanLines().of(plan.postCluster()));
    }
    if (!plan.onFailure().isEmpty()) {
      out.append(NL).append("on-failure (when the run fails or is interrupted)").append(NL);
      lines(out, new PlanLines().of(plan.onFailure()));
    }
    return out.toString();
  }

  private static void group(
      StringBuilder out, RolloutPlan plan, NodeGroups.Group group, String prefix) {
    out.append(NL).append(prefix).append(PlanSummary.groupTitle(plan, group)).append(NL);
    String label = "hosts";
    for (String fact : PlanSummary.hostFacts(group)) {
      out.append("  ").append(pad(label, LABEL)).append(fact).append(NL);
      label = "";
    }
    boolean perNode = false;
    for (NodeGroups.GroupLine line : group.lines()) {
      List<NodeGroups.Variant> variants = line.variants();
      if (!line.differs()) {
        line(out, line.first(), "");
        continue;
      }
      if (variants.size() > PlanSummary.MAX_VARIANTS) {
        perNode = true;
        NodeGroups.Variant most = variants.get(0);
        int others = group.nodes().size() - most.hosts().size();
        if (most.hosts().size() > 1) {
          line(out, most.line(), PlanSummary.variantNodes(most));
          continuation(out, most.line(), "and " + others + " nodes otherwise: per node below");
        } else {
          line(out, most.line().withBody("differs on every node: per node below", ""), "");
        }
        continue;
      }
      line(out, variants.get(0).line(), PlanSummary.variantNodes(variants.get(0)));
      for (NodeGroups.Variant variant : variants.subList(1, variants.size())) {
        continuation(
            out,
            variant.line(),
            shown(variant.line()) + "  (" + PlanSummary.variantNodes(variant) + ")");
      }
    }
    if (perNode) {
      out.append("  per node").append(NL);
      for (NodeGroups.GroupLine line : group.lines()) {
        List<NodeGroups.Variant> variants = line.variants();
        if (variants.size() <= PlanSummary.MAX_VARIANTS) {
          continue;
        }
        boolean skipFirst = variants.get(0).hosts().size() > 1;
        for (NodeGroups.Variant variant : variants.subList(skipFirst ? 1 : 0, variants.size())) {
          for (dev.rollrun.api.Host host : variant.hosts()) {
            PlanLine concrete = variant.line().concreteFor(host);
            out.append("    ")
                .append(pad(host.name(), LABEL))
                .append(pad(concrete.label(), LABEL))
                .append(what(concrete))
                .append(NL);
          }
        }
      }
    }
  }

  private static void lines(StringBuilder out, List<PlanLine> lines) {
    for (PlanLine line : lines) {
      line(out, line, "");
    }
  }

  /** One line: {@code label kind what}; a gate's condition indented under its timing. */
  private static void line(StringBuilder out, PlanLine line, String nodes) {
    String suffix = nodes.isEmpty() ? "" : "  (" + nodes + ")";
    if (line.form() == Form.CONDITION) {
      out.append("  ")
          .append(" ".repeat(LABEL + KIND))
          .append("- ")
          .append(line.body())
          .append(suffix)
          .append(NL);
      return;
    }
    out.append("  ")
        .append(pad(line.label(), LABEL))
        .append(pad(line.kind(), KIND))
        .append(what(line))
        .append(suffix)
        .append(NL);
  }

  /** A further variant of a line, under the first one. */
  private static void continuation(StringBuilder out, PlanLine line, String text) {
    int indent = line.form() == Form.CONDITION ? LABEL + KIND + 2 : LABEL + KIND;
    out.append("  ").append(" ".repeat(indent)).append(text).append(NL);
  }

  /** What a line shows after its label (and kind). */
  private static String shown(PlanLine line) {
    return line.form() == Form.CONDITION ? line.body() : what(line);
  }

  private static String what(PlanLine line) {
    String what = line.body() + line.note();
    return line.name() == null ? what : "[" + line.name() + "] " + what;
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append(pad(name, 11)).append(value).append(NL);
  }

  private static void fields(StringBuilder out, String name, List<String> values) {
    String label = name;
    for (String value : values) {
      field(out, label, value);
      label = "";
    }
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
  }
}

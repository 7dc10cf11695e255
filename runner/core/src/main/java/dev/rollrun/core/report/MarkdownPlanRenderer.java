package dev.rollrun.core.report;

import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.text.Durations;
import java.util.List;

/** The plan for a pull-request comment: a summary table, then one table per batch. */
public final class MarkdownPlanRenderer {

  private static final String NL = "\n";

  public String render(RolloutPlan plan) {
    StringBuilder out = new StringBuilder(512 + plan.nodeCount() * 600);
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
    if (!plan.preCluster().isEmpty()) {
      out.append(NL).append("#### pre-cluster").append(NL).append(NL);
      steps(out, plan.preCluster(), null);
    }
    for (Batch batch : plan.batches()) {
      if (batch.number() > 1 && !plan.pause().isZero()) {
        out.append(NL)
            .append("_pause ")
            .append(Durations.format(plan.pause()))
            .append("_")
            .append(NL);
      }
      out.append(NL).append("#### ").append(PlanSummary.batchTitle(plan, batch)).append(NL);
      for (NodePlan node : batch.nodes()) {
        out.append(NL)
            .append("**")
            .append(escape(node.host().name()))
            .append("** ")
            .append(
                code(
                    PlanSummary.hostLine(node.host())
                        .substring(node.host().name().length())
                        .strip()))
            .append(NL)
            .append(NL);
        steps(out, node.steps(), node.health());
      }
    }
    if (!plan.postCluster().isEmpty()) {
      out.append(NL).append("#### post-cluster").append(NL).append(NL);
      steps(out, plan.postCluster(), null);
    }
    if (!plan.onFailure().isEmpty()) {
      out.append(NL)
          .append("#### on-failure (when the run fails or is interrupted)")
          .append(NL)
          .append(NL);
      steps(out, plan.onFailure(), null);
    }
    return out.toString();
  }

  private static void steps(StringBuilder out, List<PlannedStep> steps, PlannedGate health) {
    out.append("| phase | kind | what |").append(NL).append("|---|---|---|").append(NL);
    for (PlannedStep step : steps) {
      if (step instanceof PlannedStep.Gate gate) {
        gateRow(out, step.phase().key(), gate.gate());
        continue;
      }
      String what =
          step instanceof PlannedStep.Wait
              ? step.describe()
              : (step.name() == null ? "" : escape(step.name()) + ": ")
                  + code(step.describe())
                  + PlanSummary.timeoutNote(step);
      out.append("| ")
          .append(step.phase().key())
          .append(" | ")
          .append(step.kind())
          .append(" | ")
          .append(what)
          .append(" |")
          .append(NL);
    }
    if (health != null) {
      gateRow(out, "health", health);
    }
  }

  private static void gateRow(StringBuilder out, String phase, PlannedGate gate) {
    StringBuilder what = new StringBuilder(gate.describeTiming());
    for (PlannedCondition condition : gate.conditions()) {
      what.append("<br>").append(code(condition.describe()));
    }
    out.append("| ").append(phase).append(" | gate | ").append(what).append(" |").append(NL);
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

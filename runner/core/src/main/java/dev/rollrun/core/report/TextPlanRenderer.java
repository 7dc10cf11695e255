package dev.rollrun.core.report;

import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.text.Durations;
import java.util.List;

/** The plan for a terminal: aligned, one line per step, the digest first. */
public final class TextPlanRenderer {

  private static final String NL = "\n";

  public String render(RolloutPlan plan) {
    StringBuilder out = new StringBuilder(256 + plan.nodeCount() * 512);
    out.append("plan ").append(plan.digest()).append("  ").append(plan.playbookName()).append(NL);
    field(out, "playbook", plan.playbookFile());
    field(out, "cluster", plan.cluster());
    field(out, "inventory", plan.inventorySource() + " (" + plan.selection() + ")");
    field(out, "nodes", PlanSummary.nodes(plan));
    field(out, "rollout", PlanSummary.rollout(plan));
    String label = "commands";
    for (PlanSummary.CommandForm form : PlanSummary.commandForms(PlanSummary.holdsSecrets(plan))) {
      field(
          out,
          label,
          pad(form.label(), 10) + form.line() + (form.note().isEmpty() ? "" : ", " + form.note()));
      label = "";
    }
    if (!plan.preCluster().isEmpty()) {
      out.append(NL).append("pre-cluster").append(NL);
      steps(out, plan.preCluster(), "  ");
    }
    for (Batch batch : plan.batches()) {
      if (batch.number() > 1 && !plan.pause().isZero()) {
        out.append(NL).append("pause ").append(Durations.format(plan.pause())).append(NL);
      }
      out.append(NL).append(PlanSummary.batchTitle(plan, batch)).append(NL);
      for (NodePlan node : batch.nodes()) {
        out.append("  ").append(PlanSummary.hostLine(node.host())).append(NL);
        steps(out, node.steps(), "    ");
        if (node.health() != null) {
          gate(out, "health", node.health(), "    ");
        } else {
          out.append("    ").append(pad("health", 12)).append("none declared").append(NL);
        }
      }
    }
    if (!plan.postCluster().isEmpty()) {
      out.append(NL).append("post-cluster").append(NL);
      steps(out, plan.postCluster(), "  ");
    }
    if (!plan.onFailure().isEmpty()) {
      out.append(NL).append("on-failure (when the run fails or is interrupted)").append(NL);
      steps(out, plan.onFailure(), "  ");
    }
    return out.toString();
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append(pad(name, 11)).append(value).append(NL);
  }

  private static void steps(StringBuilder out, List<PlannedStep> steps, String indent) {
    for (PlannedStep step : steps) {
      if (step instanceof PlannedStep.Gate gate) {
        gate(out, step.phase().key() + " gate", gate.gate(), indent);
        continue;
      }
      out.append(indent)
          .append(pad(step.phase().key(), 12))
          .append(pad(step.kind(), 7))
          .append(PlanSummary.stepWhat(step))
          .append(NL);
    }
  }

  private static void gate(StringBuilder out, String label, PlannedGate gate, String indent) {
    out.append(indent).append(pad(label, 12)).append(gate.describeTiming()).append(NL);
    for (PlannedCondition condition : gate.conditions()) {
      out.append(indent)
          .append(" ".repeat(12))
          .append("- ")
          .append(condition.describe())
          .append(NL);
    }
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
  }
}

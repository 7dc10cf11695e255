package dev.rollrun.core.report;

import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.report.PlanLine.Form;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps and gates as the lines of the text and Markdown plans. Every kind of step has its branch; a
 * kind without one fails loudly rather than vanish from the plan a reviewer approves.
 *
 * <p>A condition across nodes is written once for the cluster, each node's part with its name and
 * address as placeholders ({@code max <= 5 across all nodes (500 nodes) of: http GET
 * http://<host.address>:8080/cluster}); the planner shares one such condition among all nodes, and
 * so it is described once here.
 */
final class PlanLines {

  private final Map<PlannedCondition, String> clusterConditions = new IdentityHashMap<>();

  /** A node's steps, then its health gate (or that it has none). */
  List<PlanLine> of(NodePlan node) {
    List<PlanLine> lines = new ArrayList<>(of(node.steps()));
    if (node.health() != null) {
      gate(lines, "health", "health", node.health());
    } else {
      lines.add(new PlanLine("health", "health", "", null, "none declared", "", Form.PLAIN));
    }
    return List.copyOf(lines);
  }

  /** Steps in order, a gate step followed by its conditions. */
  List<PlanLine> of(List<PlannedStep> steps) {
    List<PlanLine> lines = new ArrayList<>();
    for (PlannedStep step : steps) {
      add(lines, step);
    }
    return List.copyOf(lines);
  }

  private void add(List<PlanLine> lines, PlannedStep step) {
    String phase = step.phase().key();
    if (step instanceof PlannedStep.Run run) {
      lines.add(command(step, PlanSummary.timeoutNote(run)));
    } else if (step instanceof PlannedStep.Instance instance) {
      lines.add(command(step, ""));
    } else if (step instanceof PlannedStep.Owned owned) {
      lines.add(command(step, PlanSummary.timeoutNote(owned)));
    } else if (step instanceof PlannedStep.Local local) {
      lines.add(command(step, PlanSummary.timeoutNote(local)));
    } else if (step instanceof PlannedStep.Task task) {
      lines.add(command(step, PlanSummary.timeoutNote(task)));
    } else if (step instanceof PlannedStep.Js js) {
      lines.add(command(step, PlanSummary.timeoutNote(js)));
    } else if (step instanceof PlannedStep.Wait wait) {
      lines.add(
          new PlanLine(
              wait.id(), phase, wait.kind(), wait.name(), wait.describe(), "", Form.PLAIN));
    } else if (step instanceof PlannedStep.Gate gate) {
      gate(lines, gate.id(), phase, gate.gate());
    } else if (step instanceof PlannedStep.SafeToStop check) {
      lines.add(
          new PlanLine(
              check.id(), phase, check.kind(), check.name(), check.describe(), "", Form.PLAIN));
    } else if (step instanceof PlannedStep.Wrapper wrapper) {
      lines.add(
          new PlanLine(
              wrapper.id(),
              phase,
              wrapper.kind(),
              wrapper.name(),
              wrapper.describe(),
              "",
              Form.PLAIN));
    } else {
      throw new IllegalStateException("no plan line for step kind " + step.getClass().getName());
    }
  }

  private static PlanLine command(PlannedStep step, String note) {
    return new PlanLine(
        step.id(),
        step.phase().key(),
        step.kind(),
        step.name(),
        step.describe(),
        note,
        Form.COMMAND);
  }

  private void gate(List<PlanLine> lines, String key, String label, PlannedGate gate) {
    lines.add(new PlanLine(key, label, "gate", null, gate.describeTiming(), "", Form.GATE));
    List<PlannedCondition> conditions = gate.conditions();
    for (int i = 0; i < conditions.size(); i++) {
      lines.add(
          new PlanLine(
              key + "/" + i, label, "gate", null, describe(conditions.get(i)), "", Form.CONDITION));
    }
  }

  /** A condition in one line; one across nodes with each node's part written once. */
  private String describe(PlannedCondition condition) {
    if (condition instanceof PlannedCondition.ClusterCheck cluster) {
      return clusterConditions.computeIfAbsent(cluster, c -> describeCluster(cluster));
    }
    if (condition instanceof PlannedCondition.AllOf all) {
      return "all of: " + String.join("; ", all.conditions().stream().map(this::describe).toList());
    }
    if (condition instanceof PlannedCondition.AnyOf any) {
      return "any of: " + String.join("; ", any.conditions().stream().map(this::describe).toList());
    }
    return condition.describe();
  }

  private String describeCluster(PlannedCondition.ClusterCheck cluster) {
    Map<String, List<String>> parts = new LinkedHashMap<>();
    for (PlannedCondition.ClusterCheck.Member member : cluster.members()) {
      parts
          .computeIfAbsent(
              HostFields.abstracted(member.host(), describe(member.condition())),
              k -> new ArrayList<>())
          .add(member.host().name());
    }
    int n = cluster.members().size();
    StringBuilder text =
        new StringBuilder(cluster.aggregate().key())
            .append(
                cluster.comparisons().isEmpty()
                    ? ""
                    : " "
                        + String.join(
                            " and ",
                            cluster.comparisons().stream()
                                .map(dev.rollrun.core.config.Comparison::describe)
                                .toList()))
            .append(" across ")
            .append(cluster.across())
            .append(" (")
            .append(n)
            .append(n == 1 ? " node" : " nodes")
            .append(") of: ");
    if (parts.isEmpty()) {
      return text.append("nothing").toString();
    }
    if (parts.size() == 1) {
      return text.append(parts.keySet().iterator().next()).toString();
    }
    List<String> each = new ArrayList<>();
    parts.forEach((part, names) -> each.add(part + " (" + PlanSummary.on(names) + ")"));
    return text.append(String.join("; ", each)).toString();
  }
}

package dev.rollrun.core.report;

import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.text.Durations;
import java.util.List;

/** Phrases all plan formats share, so that text and Markdown say the same thing. */
final class PlanSummary {

  private PlanSummary() {}

  static String nodes(RolloutPlan plan) {
    int n = plan.nodeCount();
    int b = plan.batches().size();
    return n + (n == 1 ? " node" : " nodes") + " in " + b + (b == 1 ? " batch" : " batches");
  }

  static String rollout(RolloutPlan plan) {
    String sizes =
        String.join(
            ", ", plan.batches().stream().map(b -> Integer.toString(b.nodes().size())).toList());
    String pause =
        plan.pause().isZero()
            ? "no pause between batches"
            : "pause " + Durations.format(plan.pause()) + " between batches";
    return "batch " + plan.ramp() + " -> sizes " + abbreviate(sizes) + "; " + pause;
  }

  private static String abbreviate(String sizes) {
    return sizes.length() > 80 ? sizes.substring(0, 77) + "..." : sizes;
  }

  static String batchTitle(RolloutPlan plan, Batch batch) {
    return "batch " + batch.number() + " of " + plan.batches().size();
  }

  static String stepWhat(PlannedStep step) {
    String what = step.describe();
    return step.name() == null ? what : "[" + step.name() + "] " + what;
  }

  static String hostLine(dev.rollrun.api.Host host) {
    StringBuilder line = new StringBuilder(host.name()).append("  ");
    line.append(host.user() == null ? "" : host.user() + "@").append(host.endpoint());
    List<String> roles = host.roles();
    if (!roles.isEmpty()) {
      line.append("  roles ").append(String.join(",", roles));
    }
    if (host.rack() != null) {
      line.append("  rack ").append(host.rack());
    }
    if (host.zone() != null) {
      line.append("  zone ").append(host.zone());
    }
    return line.toString();
  }
}

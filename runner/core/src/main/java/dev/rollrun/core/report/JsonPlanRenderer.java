package dev.rollrun.core.report;

import dev.rollrun.core.plan.PlanJson;
import dev.rollrun.core.plan.RolloutPlan;

/**
 * The plan as indented JSON ({@link PlanJson}), with {@code "digest"} on the first line like the
 * other formats.
 */
public final class JsonPlanRenderer {

  public String render(RolloutPlan plan) {
    String json = PlanJson.toJson(plan, true).replace("\r\n", "\n");
    // The pretty printer puts the first field on line two; lift it so line one names the plan.
    return json.replaceFirst("^\\{\\n\\s+", "{ ") + "\n";
  }
}

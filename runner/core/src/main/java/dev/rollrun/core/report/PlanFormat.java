package dev.rollrun.core.report;

import dev.rollrun.core.plan.RolloutPlan;

/** The ways {@code rollrun plan} prints a plan. Each starts with the plan's digest on line one. */
public enum PlanFormat {
  /** For the terminal. */
  TEXT,
  /** For a pull-request comment. */
  MARKDOWN,
  /** For tools. */
  JSON;

  public String render(RolloutPlan plan) {
    return switch (this) {
      case TEXT -> new TextPlanRenderer().render(plan);
      case MARKDOWN -> new MarkdownPlanRenderer().render(plan);
      case JSON -> new JsonPlanRenderer().render(plan);
    };
  }
}

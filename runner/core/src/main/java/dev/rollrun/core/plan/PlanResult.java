package dev.rollrun.core.plan;

import dev.rollrun.core.text.Redactor;

/**
 * What {@link Planner} makes: the plan, and a redactor hiding the secret values the plan's commands
 * may carry (the secrets files' values and the environment variables templates read), for
 * everything that prints what those commands do.
 */
public record PlanResult(RolloutPlan plan, Redactor redactor) {}

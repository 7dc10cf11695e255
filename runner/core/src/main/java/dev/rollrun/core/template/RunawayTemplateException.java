package dev.rollrun.core.template;

import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;

/**
 * A template that was stopped because it spent its rendering budget: it called itself without end,
 * looped too long, or made or printed too much (see {@link RenderBudget}). Each such rendering
 * costs up to its whole budget, so a plan renders only a few of them.
 */
public class RunawayTemplateException extends InvalidConfigException {

  public RunawayTemplateException(SourcePosition position, String message) {
    super(position, message);
  }
}

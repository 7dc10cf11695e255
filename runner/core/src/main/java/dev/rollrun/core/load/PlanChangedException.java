package dev.rollrun.core.load;

import dev.rollrun.api.RollrunException;

/**
 * The plan made now is not the plan that was approved ({@code --expect-digest}, {@code --plan}):
 * the roll does not start, and the message says what changed. Nothing was touched.
 */
public final class PlanChangedException extends RollrunException {

  private final String approved;
  private final String now;

  public PlanChangedException(String message, String approved, String now) {
    super(message);
    this.approved = approved;
    this.now = now;
  }

  /** The digest that was approved. */
  public String approved() {
    return approved;
  }

  /** The digest of the plan made now. */
  public String now() {
    return now;
  }
}

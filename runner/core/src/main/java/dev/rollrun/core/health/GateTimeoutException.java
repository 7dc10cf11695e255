package dev.rollrun.core.health;

import dev.rollrun.api.RollrunException;
import java.time.Duration;

/** A health gate did not pass within its timeout. */
public class GateTimeoutException extends RollrunException {

  private final String gate;
  private final String lastProblem;

  public GateTimeoutException(
      String gate, Duration timeout, int best, int consecutive, String lastProblem) {
    this(gate, timeout, best, consecutive, lastProblem, "");
  }

  /**
   * @param lastValues the last values seen per condition and node, and the last output lines of
   *     failed command conditions; empty when there are none
   */
  public GateTimeoutException(
      String gate,
      Duration timeout,
      int best,
      int consecutive,
      String lastProblem,
      String lastValues) {
    super(
        gate
            + ": not healthy within "
            + dev.rollrun.core.text.Durations.format(timeout)
            + " (best streak "
            + best
            + " of "
            + consecutive
            + " healthy checks in a row); last problem: "
            + lastProblem
            + (lastValues == null || lastValues.isEmpty() ? "" : "; last values: " + lastValues));
    this.gate = gate;
    this.lastProblem = lastProblem;
  }

  public String gate() {
    return gate;
  }

  public String lastProblem() {
    return lastProblem;
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.core.event.RunEvent.Outcome;
import java.time.Duration;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param failure what failed, in one line, or null
 */
public record RunReport(
    Outcome outcome,
    RolloutState state,
    Map<String, Duration> nodeTimes,
    Duration took,
    String failure) {

  public RunReport {
    nodeTimes = Map.copyOf(nodeTimes);
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.core.event.Outcome;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param state every node's final state and step cursor, in roll order
 * @param nodeTimes how long each node that is done took, in roll order
 * @param failure what ended the run early, or null
 */
public record RunReport(
    Outcome outcome,
    RolloutState state,
    Map<String, Duration> nodeTimes,
    Duration took,
    Failure failure) {

  public RunReport {
    nodeTimes = Collections.unmodifiableMap(new LinkedHashMap<>(nodeTimes));
  }

  /** What ended the run early, in one line, or null. */
  public String message() {
    return failure == null ? null : failure.message();
  }
}

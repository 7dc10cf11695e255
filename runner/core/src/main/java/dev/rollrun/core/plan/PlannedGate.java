package dev.rollrun.core.plan;

import dev.rollrun.core.text.Durations;
import java.time.Duration;
import java.util.List;

/**
 * A health gate ready to poll: every {@code interval}, all {@code conditions} must hold on {@code
 * consecutive} checks in a row; an unhealthy check resets the streak; after {@code timeout} the
 * roll fails.
 */
public record PlannedGate(
    Duration interval,
    int consecutive,
    Duration timeout,
    List<PlannedCondition> conditions,
    Duration settle) {

  public PlannedGate {
    conditions = List.copyOf(conditions);
    settle = settle == null ? Duration.ZERO : settle;
  }

  public PlannedGate(
      Duration interval, int consecutive, Duration timeout, List<PlannedCondition> conditions) {
    this(interval, consecutive, timeout, conditions, Duration.ZERO);
  }

  /** e.g. {@code every 10s, 3 in a row, timeout 10m}. */
  public String describeTiming() {
    return "every "
        + Durations.format(interval)
        + ", "
        + consecutive
        + " in a row, timeout "
        + Durations.format(timeout)
        + (settle.isZero() ? "" : ", settle " + Durations.format(settle));
  }
}

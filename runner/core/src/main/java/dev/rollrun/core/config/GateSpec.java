package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;
import java.util.List;

/**
 * A health gate as declared: poll {@code conditions} every {@code interval} until all hold on
 * {@code consecutive} checks in a row; an unhealthy check resets the streak; fail after {@code
 * timeout}.
 *
 * @param settle checks within this long after the node's start do not count (zero: all count)
 * @param beforeStop the gate is also awaited right before each node's stop command
 */
public record GateSpec(
    Duration interval,
    int consecutive,
    Duration timeout,
    List<ConditionSpec> conditions,
    SourcePosition position,
    Duration settle,
    boolean beforeStop) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_CONSECUTIVE = 3;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  public GateSpec {
    conditions = List.copyOf(conditions);
    settle = settle == null ? Duration.ZERO : settle;
  }

  public GateSpec(
      Duration interval,
      int consecutive,
      Duration timeout,
      List<ConditionSpec> conditions,
      SourcePosition position) {
    this(interval, consecutive, timeout, conditions, position, Duration.ZERO, false);
  }
}

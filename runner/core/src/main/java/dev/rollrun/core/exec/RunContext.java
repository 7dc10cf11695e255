package dev.rollrun.core.exec;

import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.Sleeper;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.text.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every part of a run shares: how commands run, how gates are awaited, time, the event stream,
 * the operator's control, the secret values to hide in anything reported, and what owned settings
 * saved before they changed.
 *
 * @param defaultStepTimeout how long a command may run when its step does not say
 */
public record RunContext(
    Shell shell,
    HealthGateWaiter gates,
    Clock clock,
    Sleeper sleeper,
    EventSink events,
    RunControl control,
    Redactor redactor,
    Duration defaultStepTimeout,
    OwnedValues owned) {

  /** Ten minutes, as the README documents. */
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(10);

  public RunContext {
    Objects.requireNonNull(shell, "shell");
    Objects.requireNonNull(gates, "gates");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(redactor, "redactor");
    Objects.requireNonNull(defaultStepTimeout, "defaultStepTimeout");
    Objects.requireNonNull(owned, "owned");
  }

  public RunContext(
      Shell shell,
      HealthGateWaiter gates,
      Clock clock,
      Sleeper sleeper,
      EventSink events,
      RunControl control,
      Redactor redactor,
      Duration defaultStepTimeout) {
    this(
        shell,
        gates,
        clock,
        sleeper,
        events,
        control,
        redactor,
        defaultStepTimeout,
        new OwnedValues(events));
  }

  public RunContext(
      Shell shell,
      HealthGateWaiter gates,
      Clock clock,
      Sleeper sleeper,
      EventSink events,
      RunControl control,
      Redactor redactor) {
    this(shell, gates, clock, sleeper, events, control, redactor, DEFAULT_STEP_TIMEOUT);
  }
}

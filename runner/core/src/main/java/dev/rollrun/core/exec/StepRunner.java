package dev.rollrun.core.exec;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.text.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs one step through the executor of its kind and reports it: started, its output lines,
 * finished or failed. Every text that comes from a host passes through the {@link Redactor} before
 * it becomes an event or a failure message.
 */
final class StepRunner {

  private final StepExecutors executors;
  private final RunContext run;

  /** When each node's start command finished: a gate's {@code settle} counts from there. */
  private final java.util.Map<String, Instant> started =
      new java.util.concurrent.ConcurrentHashMap<>();

  StepRunner(StepExecutors executors, RunContext run) {
    this.executors = executors;
    this.run = run;
  }

  /**
   * Runs {@code step} for {@code host} (null for a cluster-wide step).
   *
   * @return null when the step succeeded, else why it failed
   * @throws InterruptedException when the run is being stopped while the step waits
   */
  Failure run(Host host, PlannedStep step) throws InterruptedException {
    String hostName = host == null ? null : host.name();
    EventSink events = run.events();
    Redactor redactor = run.redactor();
    events.emit(new RunEvent.StepStarted(hostName, step.id(), step.phase(), step.kind()));
    Clock clock = run.clock();
    Instant begin = clock.instant();
    Shell.LineListener lines =
        (stderr, line) ->
            events.emit(
                new RunEvent.OutputLine(hostName, step.id(), stderr, redactor.redact(line)));
    StepContext context =
        new StepContext(
            host,
            run.shell(),
            lines,
            run.gates(),
            run.sleeper(),
            run.control()::stopRequested,
            run.defaultStepTimeout(),
            redactor,
            run.owned());
    String where = hostName == null ? "cluster" : hostName;
    try {
      executors.execute(step, context);
    } catch (RollrunException e) {
      String reason = redactor.redact(e.getMessage());
      events.emit(new RunEvent.StepFailed(hostName, step.id(), since(clock, begin), reason, false));
      return new Failure(
          hostName, step.id(), where + ": step " + describe(step) + " failed: " + reason, false);
    } catch (RuntimeException e) {
      String reason = redactor.redact(String.valueOf(e));
      events.emit(new RunEvent.StepFailed(hostName, step.id(), since(clock, begin), reason, true));
      return new Failure(
          hostName,
          step.id(),
          "internal error in "
              + where
              + ", step "
              + step.id()
              + " ("
              + describe(step)
              + "): "
              + reason,
          true);
    }
    events.emit(new RunEvent.StepFinished(hostName, step.id(), since(clock, begin)));
    if (hostName != null && step.phase() == dev.rollrun.api.Phase.START) {
      started.put(hostName, clock.instant());
    }
    return null;
  }

  /** When the node's start command last finished in this run, or null. */
  Instant startedAt(String host) {
    return started.get(host);
  }

  private static Duration since(Clock clock, Instant begin) {
    return Duration.between(begin, clock.instant());
  }

  /** {@code pre-stop run [drain]}: how messages name a step. */
  static String describe(PlannedStep step) {
    return step.phase().key()
        + " "
        + step.kind()
        + (step.name() == null ? "" : " [" + step.name() + "]");
  }
}

package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Polls a health gate: every {@code interval}, every condition on every node given; the gate passes
 * after {@code consecutive} fully healthy checks in a row; one unhealthy check resets the streak;
 * when {@code timeout} has passed since the first check without passing, it fails.
 */
public final class HealthGateWaiter {

  private final ConditionProbe probe;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RunListener events;

  public HealthGateWaiter(ConditionProbe probe, Clock clock, Sleeper sleeper, RunListener events) {
    this.probe = probe;
    this.clock = clock;
    this.sleeper = sleeper;
    this.events = events;
  }

  /** One gate over some nodes: each node's own conditions. */
  public record Target(Host host, PlannedGate gate) {}

  /**
   * Waits until the gate passes.
   *
   * @param label what is awaited, for messages: {@code cluster before the first node}
   * @param timing the gate whose interval, consecutive and timeout apply
   * @param stopRequested polled between checks: an operator's Ctrl-C ends the wait
   * @return how long it took
   * @throws GateTimeoutException when the timeout passes first
   * @throws InterruptedException when stopped
   */
  public Duration await(
      String label, PlannedGate timing, List<Target> targets, BooleanSupplier stopRequested)
      throws InterruptedException {
    Instant start = clock.instant();
    int streak = 0;
    int best = 0;
    String lastProblem = "none";
    while (true) {
      Optional<String> problem = checkOnce(targets);
      Duration elapsed = Duration.between(start, clock.instant());
      if (problem.isEmpty()) {
        streak++;
        best = Math.max(best, streak);
      } else {
        streak = 0;
        lastProblem = problem.get();
      }
      events.on(
          new RunEvent.GateProgress(
              label,
              streak,
              timing.consecutive(),
              elapsed,
              timing.timeout(),
              problem.orElse(null)));
      if (streak >= timing.consecutive()) {
        events.on(new RunEvent.GatePassed(label, elapsed));
        return elapsed;
      }
      Duration remaining = timing.timeout().minus(elapsed);
      if (remaining.isNegative() || remaining.isZero()) {
        events.on(new RunEvent.GateFailed(label, elapsed, lastProblem));
        throw new GateTimeoutException(
            label, timing.timeout(), best, timing.consecutive(), lastProblem);
      }
      if (stopRequested.getAsBoolean()) {
        throw new InterruptedException("stopped while waiting for " + label);
      }
      sleeper.sleep(timing.interval().compareTo(remaining) < 0 ? timing.interval() : remaining);
    }
  }

  /** Checks every condition of every target once; the first problem found, or empty. */
  public Optional<String> checkOnce(List<Target> targets) {
    for (Target target : targets) {
      for (PlannedCondition condition : target.gate().conditions()) {
        Optional<String> problem;
        try {
          problem = probe.check(target.host(), condition);
        } catch (RuntimeException e) {
          problem = Optional.of(e.getMessage());
        }
        if (problem.isPresent()) {
          return Optional.of(target.host().name() + ": " + problem.get());
        }
      }
    }
    return Optional.empty();
  }
}

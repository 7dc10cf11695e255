package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.ssh.HostException;
import dev.rollrun.core.ssh.HostKeyRejectedException;
import dev.rollrun.core.ssh.SshAuthenticationException;
import dev.rollrun.core.text.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Polls a health gate: every {@code interval}, every condition on every node given; the gate passes
 * after {@code consecutive} fully healthy checks in a row; one unhealthy check resets the streak;
 * when {@code timeout} has passed since the first check without passing, it fails.
 *
 * <p>A node that cannot answer (unreachable, a probe that throws) counts as unhealthy, never as
 * healthy. A node whose host key is refused, or that refuses every key, fails the gate at once:
 * that does not mend while the gate waits. The nodes of one check are probed several at a time, so
 * that checking a whole cluster after every batch stays quick. Problem texts have known secret
 * values hidden.
 */
public final class HealthGateWaiter implements AutoCloseable {

  /** Nodes probed at the same time within one check. */
  static final int PARALLEL_PROBES = 16;

  private final ConditionProbe probe;
  private final Clock clock;
  private final Sleeper sleeper;
  private final EventSink events;
  private final Redactor redactor;
  private ExecutorService pool;

  public HealthGateWaiter(
      ConditionProbe probe, Clock clock, Sleeper sleeper, EventSink events, Redactor redactor) {
    this.probe = probe;
    this.clock = clock;
    this.sleeper = sleeper;
    this.events = events;
    this.redactor = redactor;
  }

  public HealthGateWaiter(ConditionProbe probe, Clock clock, Sleeper sleeper, EventSink events) {
    this(probe, clock, sleeper, events, Redactor.NONE);
  }

  /**
   * One gate over one node: that node's own conditions.
   *
   * @param host the node, or null for conditions checked once for the cluster (a gate step in a
   *     cluster-wide phase)
   */
  public record Target(Host host, PlannedGate gate) {

    String name() {
      return host == null ? "cluster" : host.name();
    }
  }

  /**
   * Waits until the gate passes.
   *
   * @param label what is awaited, for messages: {@code cluster health before the first node}
   * @param timing the gate whose interval, consecutive and timeout apply
   * @param stopRequested polled between checks: an operator's Ctrl-C ends the wait
   * @return how long it took
   * @throws GateTimeoutException when the timeout passes first
   * @throws HostKeyRejectedException when a node's host key is refused: waiting cannot mend it
   * @throws SshAuthenticationException when a node refuses every key: neither can waiting
   * @throws InterruptedException when stopped
   */
  public Duration await(
      String label, PlannedGate timing, List<Target> targets, BooleanSupplier stopRequested)
      throws InterruptedException {
    List<String> hosts = targets.stream().map(Target::name).toList();
    Instant start = clock.instant();
    int streak = 0;
    int best = 0;
    String lastProblem = "none";
    while (true) {
      GateCheck check;
      try {
        check = checkOnce(targets);
      } catch (HostKeyRejectedException | SshAuthenticationException e) {
        // A host whose key is refused, or that refuses every key, stays so however long the gate
        // waits (ten minutes by default): the gate fails at once, naming it.
        Duration elapsed = Duration.between(start, clock.instant());
        events.emit(
            new RunEvent.GateFailed(label, hosts, elapsed, redactor.redact(e.getMessage())));
        throw e;
      }
      Duration elapsed = Duration.between(start, clock.instant());
      String problem = check.isHealthy() ? null : check.summary();
      if (problem == null) {
        streak++;
        best = Math.max(best, streak);
      } else {
        streak = 0;
        lastProblem = problem;
      }
      events.emit(
          new RunEvent.GateProgress(
              label, hosts, streak, timing.consecutive(), elapsed, timing.timeout(), problem));
      if (streak >= timing.consecutive()) {
        events.emit(new RunEvent.GatePassed(label, hosts, elapsed));
        return elapsed;
      }
      Duration remaining = timing.timeout().minus(elapsed);
      if (remaining.isNegative() || remaining.isZero()) {
        events.emit(new RunEvent.GateFailed(label, hosts, elapsed, lastProblem));
        throw new GateTimeoutException(
            label, timing.timeout(), best, timing.consecutive(), lastProblem);
      }
      if (stopRequested.getAsBoolean()) {
        throw new InterruptedException("stopped while waiting for " + label);
      }
      sleeper.sleep(timing.interval().compareTo(remaining) < 0 ? timing.interval() : remaining);
    }
  }

  /** Checks every condition of every target once; a problem per unhealthy node, in node order. */
  public GateCheck checkOnce(List<Target> targets) {
    List<String> hosts = targets.stream().map(Target::name).toList();
    List<Optional<String>> results = new ArrayList<>();
    if (targets.size() <= 1) {
      targets.forEach(t -> results.add(check(t)));
    } else {
      List<Future<Optional<String>>> checks = new ArrayList<>();
      ExecutorService probes = pool();
      for (Target target : targets) {
        checks.add(probes.submit(() -> check(target)));
      }
      for (int i = 0; i < checks.size(); i++) {
        try {
          results.add(checks.get(i).get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof HostKeyRejectedException
              || e.getCause() instanceof SshAuthenticationException) {
            throw (RuntimeException) e.getCause();
          }
          results.add(Optional.of(targets.get(i).name() + ": " + e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          results.add(Optional.of(targets.get(i).name() + ": not checked (interrupted)"));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    results.forEach(r -> r.ifPresent(p -> problems.add(redactor.redact(p))));
    return new GateCheck(hosts, problems);
  }

  /** The first problem of a node's conditions, prefixed with its name, or empty. */
  private Optional<String> check(Target target) {
    for (PlannedCondition condition : target.gate().conditions()) {
      Optional<String> problem;
      try {
        problem = probe.check(target.host(), condition);
      } catch (HostKeyRejectedException | SshAuthenticationException e) {
        throw e; // see await: no use waiting
      } catch (RuntimeException e) {
        problem = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        if (e instanceof HostException && problem.get().startsWith(target.name() + " ")) {
          return problem; // already starts with the host: "web-1 (10.0.0.1:22): ..."
        }
      }
      if (problem.isPresent()) {
        return Optional.of(target.name() + ": " + problem.get());
      }
    }
    return Optional.empty();
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger count = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              PARALLEL_PROBES,
              r -> {
                Thread t = new Thread(r, "rollrun-probe-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }
}

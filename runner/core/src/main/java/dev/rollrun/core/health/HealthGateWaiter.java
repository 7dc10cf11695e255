package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.ssh.HostKeyRejectedException;
import dev.rollrun.core.ssh.SshAuthenticationException;
import dev.rollrun.core.text.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    return await(label, timing, targets, stopRequested, null);
  }

  /**
   * Waits until the gate passes; with the gate's {@code settle}, a healthy check counts only once
   * {@code settle} has passed since {@code startedAt}.
   *
   * @param startedAt when the nodes checked were started (their start command finished), or null to
   *     count {@code settle} from the first check
   */
  public Duration await(
      String label,
      PlannedGate timing,
      List<Target> targets,
      BooleanSupplier stopRequested,
      Instant startedAt)
      throws InterruptedException {
    List<String> hosts = targets.stream().map(Target::name).toList();
    Instant start = clock.instant();
    Instant counts = (startedAt == null ? start : startedAt).plus(timing.settle());
    int streak = 0;
    int best = 0;
    String lastProblem = "none";
    List<Observation> lastSeen = List.of();
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
      Instant now = clock.instant();
      Duration elapsed = Duration.between(start, now);
      String problem = check.isHealthy() ? null : check.summary();
      lastSeen = check.observations();
      if (problem == null && now.isBefore(counts)) {
        problem =
            "settling: checks count "
                + dev.rollrun.core.text.Durations.format(timing.settle())
                + " after the start";
        streak = 0;
      } else if (problem == null) {
        streak++;
        best = Math.max(best, streak);
      } else {
        streak = 0;
        lastProblem = problem;
      }
      events.emit(
          new RunEvent.GateProgress(
              label,
              hosts,
              streak,
              timing.consecutive(),
              elapsed,
              timing.timeout(),
              problem,
              lastSeen));
      if (streak >= timing.consecutive()) {
        events.emit(new RunEvent.GatePassed(label, hosts, elapsed, lastSeen));
        return elapsed;
      }
      Duration remaining = timing.timeout().minus(elapsed);
      if (remaining.isNegative() || remaining.isZero()) {
        events.emit(new RunEvent.GateFailed(label, hosts, elapsed, lastProblem, lastSeen));
        throw new GateTimeoutException(
            label,
            timing.timeout(),
            best,
            timing.consecutive(),
            lastProblem,
            redactor.redact(lastValues(lastSeen)));
      }
      if (stopRequested.getAsBoolean()) {
        throw new InterruptedException("stopped while waiting for " + label);
      }
      sleeper.sleep(timing.interval().compareTo(remaining) < 0 ? timing.interval() : remaining);
    }
  }

  /**
   * Checks every condition of every target once: a problem per unhealthy node, in node order, a
   * cluster condition's once; and what every condition was seen to be.
   */
  public GateCheck checkOnce(List<Target> targets) {
    List<String> hosts = targets.stream().map(Target::name).toList();
    GateEvaluation evaluation = new GateEvaluation(probe, targets.isEmpty() ? null : pool());
    List<GateEvaluation.TargetResult> results = evaluation.evaluate(targets);
    java.util.Set<String> problems = new java.util.LinkedHashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      GateEvaluation.TargetResult result = results.get(i);
      if (result.problem() != null) {
        String who = result.sharedProblem() ? "cluster" : targets.get(i).name();
        // A host's own failure already starts with it: "web-1 (10.0.0.1:22): ..."
        boolean named = result.problem().startsWith(targets.get(i).name() + " (");
        problems.add(redactor.redact(named ? result.problem() : who + ": " + result.problem()));
      }
    }
    List<Observation> observations =
        evaluation.observations(targets).stream().map(this::redact).toList();
    return new GateCheck(hosts, List.copyOf(problems), observations);
  }

  private Observation redact(Observation o) {
    return new Observation(
        redactor.redact(o.condition()),
        o.host(),
        o.holds(),
        o.aggregate(),
        o.value() == null ? null : redactor.redact(o.value()),
        o.problem() == null ? null : redactor.redact(o.problem()),
        o.nodes().stream()
            .map(
                n ->
                    new Observation.NodeValue(
                        n.host(),
                        n.value() == null ? null : redactor.redact(n.value()),
                        n.missing() == null ? null : redactor.redact(n.missing())))
            .toList(),
        o.output().stream().map(redactor::redact).toList());
  }

  /** The last values seen, per condition and node, and a failed command's last output lines. */
  static String lastValues(List<Observation> observations) {
    List<String> parts = new ArrayList<>();
    for (Observation o : observations) {
      if (o.value() == null && o.nodes().isEmpty() && o.output().isEmpty()) {
        continue;
      }
      String part = o.summary();
      if (!o.output().isEmpty()) {
        part += " (its output: " + String.join(" | ", o.output()) + ")";
      }
      parts.add(part);
    }
    return String.join("; ", parts);
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
    if (probe instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }
}

package dev.rollrun.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Outcome;
import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.exec.NodeProgress;
import dev.rollrun.core.exec.Orchestrator;
import dev.rollrun.core.exec.PlanFixtures;
import dev.rollrun.core.exec.RolloutState;
import dev.rollrun.core.exec.RunContext;
import dev.rollrun.core.exec.RunControl;
import dev.rollrun.core.exec.RunReport;
import dev.rollrun.core.exec.UnfinishedStop;
import dev.rollrun.core.health.FakeClock;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import dev.rollrun.core.text.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A run killed at any point and continued from its journal, over generated batch layouts and kill
 * points: the process dies either right after the journal recorded an event, or in the middle of a
 * command before it took effect. A model of the cluster (each node's service up or down, how often
 * stopped and started) outlives the killed run; {@code resume} replays the journal and finishes.
 *
 * <ul>
 *   <li>no node is ever stopped twice;
 *   <li>at the end every node is up and every node is done;
 *   <li>nodes of different batches are never down at once, across both runs;
 *   <li>every node is restarted exactly once, except, without {@code service.instance}, one whose
 *       stop command the kill cut off before it reached the node: that one is left running, never
 *       stopped twice. With {@code service.instance} (the identity of the running service read
 *       right before each stop), resume asks the node, as {@code rollrun resume} does, and that
 *       node is stopped then, once: every node is restarted exactly once.
 * </ul>
 */
class CrashAndResumeProperties {

  /** The cluster as it really is, whatever runs die. */
  static final class Cluster {
    final Map<String, Boolean> up = new HashMap<>();
    final Map<String, Integer> stops = new HashMap<>();
    final Map<String, Integer> starts = new HashMap<>();
    final AtomicInteger ticks = new AtomicInteger();
    final Map<String, List<int[]>> down = new HashMap<>();

    Cluster(List<String> hosts) {
      hosts.forEach(h -> up.put(h, true));
    }

    synchronized void apply(String host, String command) {
      int now = ticks.incrementAndGet();
      if (command.equals("stop")) {
        stops.merge(host, 1, Integer::sum);
        up.put(host, false);
        down.computeIfAbsent(host, h -> new ArrayList<>()).add(new int[] {now, Integer.MAX_VALUE});
      } else if (command.equals("start")) {
        starts.merge(host, 1, Integer::sum);
        up.put(host, true);
        List<int[]> spans = down.get(host);
        if (spans != null && spans.get(spans.size() - 1)[1] == Integer.MAX_VALUE) {
          spans.get(spans.size() - 1)[1] = now;
        }
      }
    }

    synchronized boolean isUp(String host) {
      return up.get(host);
    }

    /** What identifies the running service: a new one after every start, nothing when down. */
    synchronized String instance(String host) {
      return up.get(host) ? "pid-" + starts.getOrDefault(host, 0) : "";
    }
  }

  /** A runner process's view of the cluster: once it is dead, nothing it does takes effect. */
  static final class DyingShell implements Shell {
    final Cluster cluster;
    final AtomicBoolean dead;
    final int dieAtCall;
    final AtomicInteger calls = new AtomicInteger();

    DyingShell(Cluster cluster, AtomicBoolean dead, int dieAtCall) {
      this.cluster = cluster;
      this.dead = dead;
      this.dieAtCall = dieAtCall;
    }

    @Override
    public ShellResult run(Host host, ShellCommand command, LineListener lines) {
      String who = host == null ? "local" : host.name();
      if (command.script().equals("healthy")) {
        return new ShellResult(cluster.isUp(who) ? 0 : 1, "", List.of());
      }
      if (calls.incrementAndGet() == dieAtCall) {
        dead.set(true);
      }
      if (!dead.get()) {
        cluster.apply(who, command.script());
      }
      if (command.script().equals("instance")) {
        return new ShellResult(0, cluster.instance(who), List.of());
      }
      return new ShellResult(0, "", List.of()); // no command of an earlier run still runs
    }

    @Override
    public String connect(Host host) {
      return host.address();
    }

    @Override
    public void close() {}
  }

  /** The journal of a process that dies at its {@code dieAtEvent}-th journaled line. */
  static final class DyingJournal implements dev.rollrun.core.event.DurableListener {
    final JournalWriter journal;
    final AtomicBoolean dead;
    final int dieAtEvent;
    int written;

    DyingJournal(JournalWriter journal, AtomicBoolean dead, int dieAtEvent) {
      this.journal = journal;
      this.dead = dead;
      this.dieAtEvent = dieAtEvent;
    }

    @Override
    public void on(EventEnvelope envelope) {
      if (dead.get() || !JournalWriter.durable(envelope.event())) {
        return;
      }
      if (++written == dieAtEvent) {
        dead.set(true);
        return;
      }
      journal.on(envelope);
    }
  }

  record Shape(List<Integer> batches, boolean dieInACommand, int dieAt, boolean instance) {
    int nodes() {
      return batches.stream().mapToInt(Integer::intValue).sum();
    }
  }

  @Provide
  Arbitrary<Shape> shapes() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(1, 80),
            Arbitraries.of(true, false))
        .as(Shape::new);
  }

  private static RunReport run(
      RolloutPlan plan, RolloutState from, Shell shell, RunEvents events, FakeClock clock) {
    HealthGateWaiter gates =
        new HealthGateWaiter(
            ProbeByKind.standard(shell, Duration.ofSeconds(5)), clock, clock.sleeper(), events);
    RunContext context =
        new RunContext(
            shell, gates, clock, clock.sleeper(), events, RunControl.UNATTENDED, Redactor.NONE);
    RunReport report = new Orchestrator(context).run(plan, from);
    gates.close();
    return report;
  }

  @Property(tries = 250)
  void aRunKilledAnywhereIsFinishedByResumeAndNoNodeIsStoppedTwice(@ForAll("shapes") Shape shape)
      throws IOException, InterruptedException {
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= shape.nodes(); i++) {
      hosts.add("n" + i);
    }
    RolloutPlan plan =
        PlanFixtures.plan(
            hosts,
            shape.instance(),
            shape.batches().stream().mapToInt(Integer::intValue).toArray());
    Cluster cluster = new Cluster(hosts);
    Path dir = Files.createTempDirectory("rollrun-crash-");
    Path file = dir.resolve("journal.jsonl");
    FakeClock clock = new FakeClock();
    JournalHeader header =
        new JournalHeader(
            JournalWriter.FORMAT,
            "crash",
            Instant.parse("2026-11-30T00:00:00Z"),
            plan.digest(),
            "p",
            "i",
            new JournalHeader.RunInputs("/p.yml", null, List.of(), List.of(), 0),
            "lock",
            "u",
            "m",
            1);

    AtomicBoolean dead = new AtomicBoolean();
    DyingShell first =
        new DyingShell(cluster, dead, shape.dieInACommand() ? shape.dieAt() : Integer.MAX_VALUE);
    try (JournalWriter journal = JournalWriter.create(file, header)) {
      DyingJournal dying =
          new DyingJournal(
              journal, dead, shape.dieInACommand() ? Integer.MAX_VALUE : shape.dieAt());
      run(
          plan,
          RolloutState.initial(plan, 0),
          first,
          new RunEvents("crash", clock, List.of(dying)),
          clock);
    }

    Journal recorded = Journal.read(file);
    JournalReplay.Replayed replayed = JournalReplay.replay(recorded, plan, 0);
    DyingShell second = new DyingShell(cluster, new AtomicBoolean(), Integer.MAX_VALUE);
    RolloutState resumed = replayed.state();
    Map<String, Boolean> stopNeverReached = new HashMap<>();
    for (NodePlan node : plan.nodes()) {
      String host = node.host().name();
      if (!"stop".equals(replayed.seen().get(host).unfinishedStep())) {
        continue;
      }
      // What rollrun resume does for a node whose stop began: ask the node.
      String before = null;
      for (JournalReplay.SavedValue v : JournalReplay.saved(recorded)) {
        if (v.host().equals(host) && v.step().equals(PlannedStep.Instance.ID)) {
          before = v.value();
        }
      }
      Optional<NodeProgress> again =
          new UnfinishedStop(second, clock.sleeper(), clock)
              .stopNeverReached(node, before, Duration.ofSeconds(30), says -> {});
      stopNeverReached.put(host, again.isPresent());
      if (again.isPresent()) {
        resumed = resumed.with(host, again.get());
      }
    }
    RunReport report;
    try (JournalWriter journal =
        JournalWriter.resume(file, clock.instant(), "u", "m", 2, plan.digest(), false)) {
      RunEvents events = new RunEvents("crash", recorded.lastSequence(), clock, List.of(journal));
      report = run(plan, resumed, second, events, clock);
    }

    assertEquals(Outcome.DONE, report.outcome(), report.toString());
    for (String host : hosts) {
      int stops = cluster.stops.getOrDefault(host, 0);
      assertTrue(stops <= 1, host + " stopped " + stops + " times");
      assertTrue(cluster.isUp(host), host + " left down");
      assertEquals(NodeState.DONE, report.state().of(host));
      boolean stopBegunNeverEnded = "stop".equals(replayed.seen().get(host).unfinishedStep());
      if (shape.instance() || !stopBegunNeverEnded) {
        assertEquals(
            1,
            stops,
            host
                + " restarted exactly once (stop begun and never ended: "
                + stopBegunNeverEnded
                + ", found never reached: "
                + stopNeverReached.get(host)
                + ")");
      }
    }
    Map<String, Integer> batchOf = new HashMap<>();
    for (Batch batch : plan.batches()) {
      batch.nodes().forEach(n -> batchOf.put(n.host().name(), batch.number()));
    }
    for (String a : hosts) {
      for (String b : hosts) {
        if (batchOf.get(a) >= batchOf.get(b)) {
          continue;
        }
        for (int[] x : cluster.down.getOrDefault(a, List.of())) {
          for (int[] y : cluster.down.getOrDefault(b, List.of())) {
            assertTrue(x[1] < y[0] || y[1] < x[0], a + " and " + b + " were down at once");
          }
        }
      }
    }
    Journal whole = Journal.read(file);
    assertEquals("done", whole.lastOutcome());
  }
}

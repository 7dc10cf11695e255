package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Outcome;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.health.FakeClock;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The safety invariants of a roll, over generated shapes: any number of nodes, any batch layout, a
 * failure (a command exiting non-zero, a defect, a node elsewhere going unhealthy) at any node and
 * any step, random timing between the nodes of a batch, which run at the same time, and a request
 * to stop (Ctrl-C, or the cluster's lock lost) after any number of commands.
 *
 * <ul>
 *   <li>never more down than the batch: nodes of different batches are never down at once;
 *   <li>never stopped twice;
 *   <li>nothing stopped after a failure is known, and no later batch touched;
 *   <li>every node that was stopped is started again, unless its own step failed;
 *   <li>untouched nodes stay PENDING;
 *   <li>the outcome is never DONE unless every node is, and always DONE when nothing failed.
 * </ul>
 */
class RollSafetyProperties {

  private static final List<String> STEPS =
      List.of("drain", "stop", "post-stop", "start", "undrain");

  enum Mode {
    EXIT_1,
    DEFECT,
    NODE_ELSEWHERE_UNHEALTHY
  }

  /**
   * @param failAt the node whose step goes wrong, or -1 for a run where nothing does
   * @param step the index of that step (0..4: drain, stop, post-stop, start, undrain)
   * @param victim for {@link Mode#NODE_ELSEWHERE_UNHEALTHY}: the node that becomes unhealthy
   * @param instance whether each node reads its service's identity right before its stop ({@code
   *     service.instance})
   * @param stopAt after how many commands the run is asked to stop (Ctrl-C, or the cluster's lock
   *     lost), or -1 for never
   */
  record Shape(
      List<Integer> batches,
      int failAt,
      int step,
      Mode mode,
      int victim,
      long seed,
      boolean instance,
      int stopAt) {
    int nodes() {
      return batches.stream().mapToInt(Integer::intValue).sum();
    }
  }

  @Provide
  Arbitrary<Shape> shapes() {
    Arbitrary<List<Integer>> batches =
        Arbitraries.integers().between(1, 4).list().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(
            batches,
            Arbitraries.integers().between(-1, 15),
            Arbitraries.integers().between(0, STEPS.size() - 1),
            Arbitraries.of(Mode.class),
            Arbitraries.integers().between(0, 15),
            Arbitraries.longs(),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(-40, 40))
        .as(
            (sizes, failAt, step, mode, victim, seed, instance, stopAt) -> {
              int n = sizes.stream().mapToInt(Integer::intValue).sum();
              return new Shape(
                  sizes,
                  failAt < 0 ? -1 : failAt % n,
                  step,
                  mode,
                  victim % n,
                  seed,
                  instance,
                  Math.max(-1, stopAt));
            });
  }

  /** What one roll did: the commands with their times, the events with theirs, the outcome. */
  record Observed(RolloutPlan plan, ScriptedShell shell, List<Timed> events, RunReport report) {}

  record Timed(long tick, RunEvent event) {}

  private static Observed roll(Shape shape) {
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < shape.nodes(); i++) {
      hosts.add("n" + (i + 1));
    }
    RolloutPlan plan =
        PlanFixtures.plan(
            hosts,
            shape.instance(),
            shape.batches().stream().mapToInt(Integer::intValue).toArray());
    AtomicLong ticks = new AtomicLong();
    ScriptedShell shell = new ScriptedShell(ticks);
    Random random = new Random(shape.seed());
    for (String host : hosts) {
      for (String step : STEPS) {
        shell.delaysMillis.put(host + ":" + step, random.nextInt(6) == 0 ? 1L : 0L);
      }
    }
    if (shape.failAt() >= 0) {
      String key = hosts.get(shape.failAt()) + ":" + STEPS.get(shape.step());
      switch (shape.mode()) {
        case EXIT_1 -> shell.failing.add(key);
        case DEFECT -> shell.throwing.add(key);
        case NODE_ELSEWHERE_UNHEALTHY ->
            shell.hooks.put(key, k -> shell.unhealthy.add(hosts.get(shape.victim())));
      }
    }
    List<Timed> events = new ArrayList<>();
    FakeClock clock = new FakeClock();
    RunEvents sink =
        new RunEvents(
            "prop",
            clock,
            List.of(
                (EventEnvelope e) -> events.add(new Timed(ticks.incrementAndGet(), e.event()))));
    HealthGateWaiter gates =
        new HealthGateWaiter(
            ProbeByKind.standard(shell, Duration.ofSeconds(5)), clock, clock.sleeper(), sink);
    RunControl control =
        shape.stopAt() < 0
            ? RunControl.UNATTENDED
            : new RunControl() {
              @Override
              public boolean stopRequested() {
                return shell.started().size() >= shape.stopAt();
              }

              @Override
              public boolean startBatch(int number, int of, List<String> hosts) {
                return true;
              }
            };
    RunContext context =
        new RunContext(shell, gates, clock, clock.sleeper(), sink, control, Redactor.NONE);
    RunReport report = new Orchestrator(context).run(plan, RolloutState.initial(plan, 0));
    gates.close();
    return new Observed(plan, shell, List.copyOf(events), report);
  }

  private static boolean failureInjected(Shape shape) {
    return shape.failAt() >= 0;
  }

  @Property(tries = 150)
  void nodesOfDifferentBatchesAreNeverDownAtOnce(@ForAll("shapes") Shape shape) {
    Observed o = roll(shape);
    Map<String, Integer> batchOf = batchOf(o.plan());
    Map<String, long[]> down = new HashMap<>();
    for (String host : batchOf.keySet()) {
      List<ScriptedShell.Call> calls = o.shell().callsOf(host);
      long from =
          calls.stream()
              .filter(c -> c.command().equals("stop"))
              .mapToLong(ScriptedShell.Call::started)
              .min()
              .orElse(-1);
      if (from < 0) {
        continue;
      }
      long to =
          calls.stream()
              .filter(c -> c.command().equals("start"))
              .mapToLong(ScriptedShell.Call::returned)
              .max()
              .orElse(Long.MAX_VALUE);
      down.put(host, new long[] {from, to});
    }
    for (var a : down.entrySet()) {
      for (var b : down.entrySet()) {
        if (batchOf.get(a.getKey()) < batchOf.get(b.getKey())) {
          assertTrue(
              a.getValue()[1] < b.getValue()[0],
              a.getKey() + " and " + b.getKey() + " were down at once: " + o.shell().started());
        }
      }
    }
  }

  @Property(tries = 150)
  void noNodeIsStoppedTwice(@ForAll("shapes") Shape shape) {
    Observed o = roll(shape);
    for (NodePlan node : o.plan().nodes()) {
      long stops =
          o.shell().callsOf(node.host().name()).stream()
              .filter(c -> c.command().equals("stop"))
              .count();
      assertTrue(stops <= 1, node.host().name() + " stopped " + stops + " times");
    }
  }

  @Property(tries = 200)
  void nothingIsStoppedOnceAFailureIsKnown(@ForAll("shapes") Shape shape) {
    Observed o = roll(shape);
    long known =
        o.events().stream()
            .filter(
                t -> t.event() instanceof RunEvent.NodeStateChanged c && c.to() == NodeState.FAILED)
            .mapToLong(Timed::tick)
            .min()
            .orElse(Long.MAX_VALUE);
    if (known == Long.MAX_VALUE) {
      return;
    }
    for (NodePlan node : o.plan().nodes()) {
      List<ScriptedShell.Call> calls = o.shell().callsOf(node.host().name());
      long drained =
          calls.stream()
              .filter(c -> c.command().equals("drain"))
              .mapToLong(ScriptedShell.Call::returned)
              .max()
              .orElse(-1);
      boolean stopped = calls.stream().anyMatch(c -> c.command().equals("stop"));
      // The decision to stop is taken after the drain returned: if that was after the failure
      // was known, the node must have been left running.
      if (drained > known) {
        assertFalse(
            stopped,
            node.host().name()
                + " was stopped after the failure was known: "
                + o.shell().started());
      }
      assertFalse(
          calls.stream().anyMatch(c -> c.started() > known && c.command().equals("drain")),
          node.host().name() + " began its lifecycle after the failure was known");
    }
  }

  @Property(tries = 150)
  void noBatchAfterAFailedOneIsTouched(@ForAll("shapes") Shape shape) {
    Observed o = roll(shape);
    if (o.report().outcome() == Outcome.DONE) {
      return;
    }
    Map<String, Integer> batchOf = batchOf(o.plan());
    int failedBatch =
        o.plan().nodes().stream()
            .map(n -> n.host().name())
            .filter(h -> o.report().state().of(h) != NodeState.DONE)
            .filter(h -> !o.shell().callsOf(h).isEmpty())
            .mapToInt(batchOf::get)
            .min()
            .orElse(Integer.MAX_VALUE);
    for (NodePlan node : o.plan().nodes()) {
      String host = node.host().name();
      if (batchOf.get(host) > failedBatch) {
        assertTrue(
            o.shell().callsOf(host).isEmpty(),
            host + " touched after batch " + failedBatch + " failed");
        assertEquals(NodeState.PENDING, o.report().state().of(host), host + " must stay pending");
      }
    }
  }

  @Property(tries = 150)
  void everyNodeThatWasStoppedIsStartedAgainUnlessItsOwnStepFailed(@ForAll("shapes") Shape shape) {
    Observed o = roll(shape);
    for (NodePlan node : o.plan().nodes()) {
      String host = node.host().name();
      if (o.report().state().of(host) == NodeState.FAILED) {
        continue;
      }
      List<String> commands =
          o.shell().callsOf(host).stream().map(ScriptedShell.Call::command).toList();
      if (commands.contains("stop")) {
        assertTrue(commands.contains("start"), host + " left down: " + commands);
        assertTrue(commands.contains("undrain"), host + " not finished: " + commands);
      }
    }
  }

  @Property(tries = 200)
  void theOutcomeIsDoneExactlyWhenEveryNodeIs(@ForAll("shapes") Shape shape) {
    Observed o = roll(shape);
    boolean allDone = o.report().state().allDone();
    if (shape.stopAt() < 0) {
      assertEquals(allDone, o.report().outcome() == Outcome.DONE, o.report().toString());
    } else if (o.report().outcome() == Outcome.DONE) {
      // Asked to stop after the last node was done, a run ends INTERRUPTED before its
      // post-cluster steps (resume runs them): never DONE unless every node is.
      assertTrue(allDone, o.report().toString());
    }
    RunEvent.RunFinished finished =
        (RunEvent.RunFinished) o.events().get(o.events().size() - 1).event();
    assertEquals(o.report().outcome(), finished.outcome());
    if (!failureInjected(shape) && shape.stopAt() < 0) {
      assertEquals(Outcome.DONE, o.report().outcome(), o.report().toString());
    } else if (!failureInjected(shape)) {
      assertTrue(
          o.report().outcome() == Outcome.DONE || o.report().outcome() == Outcome.INTERRUPTED,
          "asked to stop, nothing failed: " + o.report());
    } else if (shape.stopAt() >= 0 && o.report().outcome() == Outcome.INTERRUPTED) {
      assertNotEquals(Outcome.DONE, o.report().outcome()); // stopped, whether or not it failed
    } else if (shape.mode() != Mode.NODE_ELSEWHERE_UNHEALTHY) {
      assertNotEquals(Outcome.DONE, o.report().outcome());
      assertEquals(
          shape.mode() == Mode.DEFECT ? Outcome.INTERNAL_ERROR : Outcome.FAILED,
          o.report().outcome(),
          o.report().toString());
    } else if (o.report().outcome() != Outcome.DONE) {
      assertEquals(Outcome.FAILED, o.report().outcome());
    }
    for (NodePlan node : o.plan().nodes()) {
      String host = node.host().name();
      if (o.shell().callsOf(host).isEmpty()) {
        assertEquals(NodeState.PENDING, o.report().state().of(host), host + " was never touched");
      }
    }
  }

  private static Map<String, Integer> batchOf(RolloutPlan plan) {
    Map<String, Integer> map = new HashMap<>();
    for (Batch batch : plan.batches()) {
      batch.nodes().forEach(n -> map.put(n.host().name(), batch.number()));
    }
    return map;
  }
}

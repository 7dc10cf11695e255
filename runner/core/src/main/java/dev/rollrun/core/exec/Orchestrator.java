package dev.rollrun.core.exec;

import dev.rollrun.api.Host;
import dev.rollrun.api.Phase;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvent.Outcome;
import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Executes a plan: the cluster must be healthy first; then pre-cluster steps; then batch after
 * batch, as {@link RolloutStrategy} decides, each node through its lifecycle and the batch through
 * its health gate before the next; then post-cluster steps.
 *
 * <p>A failure (step, lost connection, gate timeout) stops the roll at once: no further node is
 * touched. Nodes of the same batch that have not yet been stopped are left alone; those already
 * stopped are brought back (start, post-start) so that one failure does not leave several nodes
 * down. Ctrl-C stops after the current step. Nothing here prints: all is {@link RunEvent}s.
 */
public final class Orchestrator {

  static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(10);

  private final Shell shell;
  private final HealthGateWaiter gates;
  private final Clock clock;
  private final dev.rollrun.core.health.Sleeper sleeper;
  private final RunListener events;
  private final RunControl control;

  private volatile RolloutState state;
  private final AtomicBoolean failing = new AtomicBoolean();

  public Orchestrator(
      Shell shell,
      HealthGateWaiter gates,
      Clock clock,
      dev.rollrun.core.health.Sleeper sleeper,
      RunListener events,
      RunControl control) {
    this.shell = shell;
    this.gates = gates;
    this.clock = clock;
    this.sleeper = sleeper;
    this.events = events;
    this.control = control;
  }

  /**
   * Rolls the plan.
   *
   * @param skip how many nodes, in plan order, to leave untouched ({@code --skip})
   */
  public RunReport run(RolloutPlan plan, int skip) {
    Instant start = clock.instant();
    Map<String, NodeState> initial = new LinkedHashMap<>();
    int index = 0;
    for (NodePlan node : plan.nodes()) {
      initial.put(node.host().name(), index++ < skip ? NodeState.SKIPPED : NodeState.PENDING);
    }
    state = new RolloutState(initial);
    Map<String, Duration> nodeTimes = new LinkedHashMap<>();
    events.on(
        new RunEvent.RunStarted(
            plan.playbookName(), plan.digest(), plan.nodeCount(), plan.batches().size(), true));
    try {
      connectToEveryNode(plan);
      clusterMustBeHealthy(plan);
      for (PlannedStep step : plan.preCluster()) {
        runStep(null, step);
      }
      boolean first = true;
      while (true) {
        Optional<RolloutStrategy.Next> next = RolloutStrategy.next(plan, state);
        if (next.isEmpty()) {
          break;
        }
        if (control.stopRequested()) {
          return finish(
              Outcome.INTERRUPTED,
              nodeTimes,
              start,
              "stopped by Ctrl-C before batch " + next.get().batch().number());
        }
        if (!first && !plan.pause().isZero()) {
          events.on(new RunEvent.Pausing(plan.pause()));
          sleeper.sleep(plan.pause());
        }
        first = false;
        rollBatch(plan, next.get(), nodeTimes);
        if (state.anyFailed()) {
          break;
        }
        if (!control.continueAfter(
            next.get().nodes().stream().map(n -> n.host().name()).toList())) {
          markUntouched();
          return finish(Outcome.STOPPED_BY_OPERATOR, nodeTimes, start, "stopped by the operator");
        }
      }
      if (state.anyFailed()) {
        markUntouched();
        return finish(Outcome.FAILED, nodeTimes, start, failure);
      }
      for (PlannedStep step : plan.postCluster()) {
        runStep(null, step);
      }
      return finish(Outcome.DONE, nodeTimes, start, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      markUntouched();
      return finish(Outcome.INTERRUPTED, nodeTimes, start, "stopped by Ctrl-C");
    } catch (StopRequested e) {
      markUntouched();
      return finish(Outcome.INTERRUPTED, nodeTimes, start, "stopped by Ctrl-C");
    } catch (RollrunException e) {
      markUntouched();
      return finish(Outcome.FAILED, nodeTimes, start, e.getMessage());
    }
  }

  private volatile String failure;

  /** A roll never starts when any of its hosts cannot be reached or fails host key checks. */
  private void connectToEveryNode(RolloutPlan plan) {
    List<Host> hosts =
        plan.nodes().stream()
            .map(NodePlan::host)
            .filter(h -> state.of(h.name()) != NodeState.SKIPPED)
            .toList();
    Map<String, RollrunException> failures = ParallelConnect.connect(shell, hosts, clock, events);
    if (!failures.isEmpty()) {
      RollrunException first = failures.values().iterator().next();
      throw new RollrunException(
          first.getMessage()
              + (failures.size() > 1
                  ? " (and " + (failures.size() - 1) + " more unreachable host(s))"
                  : ""),
          first);
    }
  }

  private void clusterMustBeHealthy(RolloutPlan plan) throws InterruptedException {
    List<HealthGateWaiter.Target> targets = gateTargets(plan.nodes());
    if (!targets.isEmpty()) {
      gates.await(
          "cluster health before the first node",
          targets.get(0).gate(),
          targets,
          control::stopRequested);
    }
  }

  /**
   * Each node's own health conditions; the gate's timing (interval, consecutive, timeout) is the
   * playbook's, the same for every node, so the first node's applies.
   */
  private static List<HealthGateWaiter.Target> gateTargets(List<NodePlan> nodes) {
    return nodes.stream()
        .filter(n -> n.health() != null)
        .map(n -> new HealthGateWaiter.Target(n.host(), n.health()))
        .toList();
  }

  private void rollBatch(
      RolloutPlan plan, RolloutStrategy.Next next, Map<String, Duration> nodeTimes)
      throws InterruptedException {
    List<NodePlan> nodes = next.nodes();
    events.on(
        new RunEvent.BatchStarted(
            next.batch().number(),
            plan.batches().size(),
            nodes.stream().map(n -> n.host().name()).toList()));
    Map<String, Instant> started = new LinkedHashMap<>();
    nodes.forEach(n -> started.put(n.host().name(), clock.instant()));
    if (nodes.size() == 1) {
      rollNode(nodes.get(0));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (NodePlan node : nodes) {
          futures.add(pool.submit(() -> rollNode(node)));
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            fail(null, "internal error: " + e.getCause());
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
    if (state.anyFailed() || control.stopRequested()) {
      if (control.stopRequested() && !state.anyFailed()) {
        throw new StopRequested();
      }
      return;
    }
    List<HealthGateWaiter.Target> targets = gateTargets(nodes);
    String label = "health of " + String.join(", ", started.keySet());
    if (!targets.isEmpty()) {
      PlannedGate timing = targets.get(0).gate();
      try {
        gates.await(label, timing, targets, control::stopRequested);
      } catch (RollrunException e) {
        for (NodePlan node : nodes) {
          transition(node.host().name(), NodeState.FAILED);
        }
        fail(null, e.getMessage());
        return;
      }
    }
    for (NodePlan node : nodes) {
      transition(node.host().name(), NodeState.DONE);
      nodeTimes.put(
          node.host().name(), Duration.between(started.get(node.host().name()), clock.instant()));
    }
  }

  /** One node from PENDING to AWAITING_HEALTH, or FAILED; never throws. */
  private void rollNode(NodePlan node) {
    String host = node.host().name();
    boolean stopped = false;
    for (PlannedStep step : node.steps()) {
      Phase phase = step.phase();
      boolean downOrGoingDown = stopped || phase == Phase.STOP;
      if (!downOrGoingDown && (failing.get() || control.stopRequested())) {
        // A peer failed (or Ctrl-C) before this node was stopped: leave it running.
        return;
      }
      if (stopped && control.stopRequested() && !failing.get()) {
        return;
      }
      NodeState target = stateFor(phase);
      if (state.of(host) != target) {
        transition(host, target);
      }
      try {
        runStep(node.host(), step);
      } catch (RollrunException e) {
        transition(host, NodeState.FAILED);
        fail(host, e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (phase == Phase.STOP) {
        stopped = true;
        transition(host, NodeState.STOPPED);
      }
    }
    transition(host, NodeState.AWAITING_HEALTH);
  }

  private static NodeState stateFor(Phase phase) {
    return switch (phase) {
      case PRE_STOP, STOP -> NodeState.STOPPING;
      case POST_STOP, SCRIPT, PRE_START -> NodeState.STOPPED;
      default -> NodeState.STARTING;
    };
  }

  private void runStep(Host host, PlannedStep step) throws InterruptedException {
    String hostName = host == null ? null : host.name();
    events.on(new RunEvent.StepStarted(hostName, step));
    Instant begin = clock.instant();
    Shell.LineListener lines =
        (stderr, line) -> events.on(new RunEvent.OutputLine(hostName, stderr, line));
    String failureReason = null;
    try {
      if (step instanceof PlannedStep.Run run) {
        ShellResult result =
            shell.run(
                host,
                new ShellCommand(
                    run.command().actual(),
                    run.command().shown(),
                    run.sudo(),
                    timeoutOf(run.timeout())),
                lines);
        if (!result.succeeded()) {
          failureReason = StepFailedException.describe(result);
        }
      } else if (step instanceof PlannedStep.Local local) {
        ShellResult result =
            shell.run(
                null,
                new ShellCommand(
                    local.command().actual(),
                    local.command().shown(),
                    false,
                    timeoutOf(local.timeout())),
                lines);
        if (!result.succeeded()) {
          failureReason = StepFailedException.describe(result);
        }
      } else if (step instanceof PlannedStep.Wait wait) {
        sleeper.sleep(wait.duration());
      } else if (step instanceof PlannedStep.Gate gate) {
        gates.await(
            (hostName == null ? "cluster" : hostName) + " " + step.phase().key() + " gate",
            gate.gate(),
            host == null ? List.of() : List.of(new HealthGateWaiter.Target(host, gate.gate())),
            control::stopRequested);
      }
    } catch (RollrunException e) {
      failureReason = e.getMessage();
    }
    Duration took = Duration.between(begin, clock.instant());
    if (failureReason != null) {
      events.on(new RunEvent.StepFailed(hostName, step, took, failureReason));
      throw new StepFailedException(hostName, describe(step), failureReason);
    }
    events.on(new RunEvent.StepFinished(hostName, step, took));
  }

  static String describe(PlannedStep step) {
    return step.phase().key()
        + " "
        + step.kind()
        + (step.name() == null ? "" : " [" + step.name() + "]");
  }

  private static Duration timeoutOf(Duration declared) {
    return declared == null ? DEFAULT_STEP_TIMEOUT : declared;
  }

  private synchronized void transition(String host, NodeState to) {
    NodeState from = state.of(host);
    if (from == to) {
      return;
    }
    state = state.with(host, to);
    events.on(new RunEvent.NodeStateChanged(host, from, to));
  }

  private synchronized void fail(String host, String message) {
    if (failing.compareAndSet(false, true)) {
      failure = message;
    }
  }

  /** Nodes never reached become SKIPPED so the summary says plainly they were not touched. */
  private synchronized void markUntouched() {
    for (Map.Entry<String, NodeState> e : state.nodes().entrySet()) {
      if (e.getValue() == NodeState.PENDING) {
        transition(e.getKey(), NodeState.SKIPPED);
      }
    }
  }

  private RunReport finish(
      Outcome outcome, Map<String, Duration> nodeTimes, Instant start, String message) {
    Duration took = Duration.between(start, clock.instant());
    events.on(new RunEvent.RunFinished(outcome, state.nodes(), nodeTimes, took, message));
    return new RunReport(outcome, state, nodeTimes, took, message);
  }

  /** Ctrl-C arrived between steps. */
  private static final class StopRequested extends RuntimeException {
    StopRequested() {
      super(null, null, false, false);
    }
  }
}

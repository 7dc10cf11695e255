package dev.rollrun.core.exec;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Outcome;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes a plan: every host must answer and the whole cluster must be healthy first; then
 * pre-cluster steps; then batch after batch, as {@link RolloutStrategy} decides, each node through
 * its lifecycle ({@link NodeRun}) and the whole cluster through the health gate before the next
 * batch; then post-cluster steps.
 *
 * <p>A failure (step, lost connection, gate timeout, a defect) stops the roll: no further node is
 * touched, and {@link FailurePolicy} decides what the nodes of the current batch do. Ctrl-C stops
 * after the current step. Nothing here prints: everything is a {@link RunEvent}. The outcome is
 * {@link Outcome#DONE} only when every node of the run is DONE or SKIPPED.
 */
public final class Orchestrator {

  /** Nodes of one batch run at the same time on at most this many threads. */
  static final int MAX_PARALLEL_NODES = 16;

  private final RunContext context;
  private final StepExecutors executors;

  public Orchestrator(RunContext context) {
    this(context, StepExecutors.standard());
  }

  Orchestrator(RunContext context, StepExecutors executors) {
    this.context = context;
    this.executors = executors;
  }

  /**
   * Rolls the plan from {@code initial}: {@link RolloutState#initial} for a new run; a state in
   * which some nodes are already done or part way for a run that continues an earlier one (nodes in
   * flight are finished first).
   */
  public RunReport run(RolloutPlan plan, RolloutState initial) {
    return new Run(plan, initial).execute();
  }

  /** One execution: its mutable bookkeeping lives here, never in the orchestrator. */
  private final class Run {
    private final RolloutPlan plan;
    private final EventSink events = context.events();
    private final NodeStates states;
    private final FailurePolicy policy = new FailurePolicy();
    private final StepRunner steps = new StepRunner(executors, context);
    private final ClusterHealth cluster;
    private final Map<String, Duration> nodeTimes = new LinkedHashMap<>();
    private final Instant start;

    Run(RolloutPlan plan, RolloutState initial) {
      this.plan = plan;
      this.states = new NodeStates(plan, initial, events);
      this.cluster = new ClusterHealth(plan);
      this.start = context.clock().instant();
    }

    RunReport execute() {
      events.emit(
          new RunEvent.RunStarted(
              plan.playbookName(),
              plan.digest(),
              true,
              plan.batches().size(),
              plan.nodes().stream().map(n -> n.host().name()).toList(),
              cluster.hosts()));
      ExecutorService pool = newPool(plan);
      try {
        return roll(pool);
      } catch (ClusterStepFailed e) {
        return finish(outcomeOf(e.failure), e.failure);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return finish(Outcome.INTERRUPTED, new Failure(null, null, "stopped by Ctrl-C", false));
      } catch (RollrunException e) {
        return finish(
            Outcome.FAILED,
            new Failure(null, null, context.redactor().redact(e.getMessage()), false));
      } catch (RuntimeException | Error e) {
        return finish(
            Outcome.INTERNAL_ERROR,
            new Failure(
                null, null, "internal error: " + context.redactor().redact(e.toString()), true));
      } finally {
        pool.shutdownNow();
      }
    }

    private RunReport roll(ExecutorService pool) throws InterruptedException {
      connectToEveryNode();
      boolean resuming =
          states.snapshot().nodes().values().stream().anyMatch(p -> p.state().inFlight());
      if (!resuming) {
        awaitClusterHealth("cluster health before the first node");
      }
      if (!states.snapshot().preClusterDone()) {
        for (PlannedStep step : plan.preCluster()) {
          clusterStep(step);
        }
      }
      boolean first = true;
      while (true) {
        Optional<RolloutStrategy.Next> next = RolloutStrategy.next(plan, states.snapshot());
        if (next.isEmpty()) {
          break;
        }
        if (context.control().stopRequested()) {
          return finish(
              Outcome.INTERRUPTED,
              new Failure(
                  null,
                  null,
                  context.control().stopReason() + " before batch " + next.get().batch().number(),
                  false));
        }
        int number = next.get().batch().number();
        if (!context.control().startBatch(number, plan.batches().size(), next.get().hosts())) {
          if (context.control().stopRequested()) {
            return finish(
                Outcome.INTERRUPTED,
                new Failure(
                    null, null, context.control().stopReason() + " before batch " + number, false));
          }
          return finish(
              Outcome.STOPPED_BY_OPERATOR,
              new Failure(null, null, "stopped by the operator before batch " + number, false));
        }
        if (!first && !plan.pause().isZero()) {
          events.emit(new RunEvent.Pausing(plan.pause()));
          context.sleeper().sleep(plan.pause());
        }
        first = false;
        rollBatch(pool, next.get());
        if (policy.failureKnown()) {
          return finish(outcomeOf(policy.failure()), policy.failure());
        }
        if (policy.isStopRequested() || context.control().stopRequested()) {
          return finish(
              Outcome.INTERRUPTED, new Failure(null, null, context.control().stopReason(), false));
        }
      }
      if (!states.snapshot().allDone()) {
        throw new IllegalStateException("no batch left to roll, but not every node is done");
      }
      for (PlannedStep step : plan.postCluster()) {
        clusterStep(step);
      }
      return finish(Outcome.DONE, null);
    }

    /**
     * A roll never starts when any of its hosts, or any node whose health counts, cannot be reached
     * or fails host key checks.
     */
    private void connectToEveryNode() {
      Map<String, Host> hosts = new LinkedHashMap<>();
      plan.nodes().stream()
          .map(NodePlan::host)
          .filter(h -> states.progress(h.name()).state() != NodeState.SKIPPED)
          .forEach(h -> hosts.put(h.name(), h));
      cluster.targets().forEach(t -> hosts.putIfAbsent(t.host().name(), t.host()));
      Map<String, RollrunException> failures =
          ParallelConnect.connect(
              context.shell(), List.copyOf(hosts.values()), context.clock(), events);
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

    private void awaitClusterHealth(String label) throws InterruptedException {
      awaitClusterHealth(label, context.control()::stopRequested, null);
    }

    /**
     * @param stop polled between checks: whether to stop waiting
     * @param startedAt when the nodes just rolled were started, from which the gate's {@code
     *     settle} counts; null for none
     */
    private void awaitClusterHealth(
        String label, java.util.function.BooleanSupplier stop, Instant startedAt)
        throws InterruptedException {
      if (!cluster.isEmpty()) {
        context.gates().await(label, cluster.timing(), cluster.targets(), stop, startedAt);
      }
    }

    private void clusterStep(PlannedStep step) throws InterruptedException {
      Failure failure = steps.run(null, step);
      if (failure != null) {
        throw new ClusterStepFailed(failure);
      }
    }

    private void rollBatch(ExecutorService pool, RolloutStrategy.Next next)
        throws InterruptedException {
      List<NodePlan> nodes = next.nodes();
      events.emit(
          new RunEvent.BatchStarted(next.batch().number(), plan.batches().size(), next.hosts()));
      Map<String, Instant> started = new LinkedHashMap<>();
      nodes.forEach(n -> started.put(n.host().name(), context.clock().instant()));
      List<Future<?>> running = new ArrayList<>();
      for (NodePlan node : nodes) {
        running.add(
            pool.submit(
                () -> {
                  new NodeRun(node, states, policy, steps, context.control()).run();
                  return null;
                }));
      }
      for (int i = 0; i < nodes.size(); i++) {
        try {
          running.get(i).get();
        } catch (ExecutionException e) {
          nodeBroke(nodes.get(i), e.getCause());
        }
      }
      if (policy.failureKnown()) {
        return;
      }
      boolean interrupted = policy.isStopRequested() || context.control().stopRequested();
      if (interrupted
          && nodes.stream()
              .noneMatch(
                  n -> states.progress(n.host().name()).state() == NodeState.AWAITING_HEALTH)) {
        return; // nothing of this batch was touched
      }
      String label =
          "health after batch "
              + next.batch().number()
              + " ("
              + String.join(", ", next.hosts())
              + ")";
      Instant lastStart =
          nodes.stream()
              .map(n -> steps.startedAt(n.host().name()))
              .filter(java.util.Objects::nonNull)
              .max(Instant::compareTo)
              .orElse(null);
      try {
        // After an interruption the nodes brought back still wait for their gate, which the
        // interruption itself must not cut short (a second one ends the process).
        awaitClusterHealth(
            label, interrupted ? () -> false : context.control()::stopRequested, lastStart);
      } catch (RollrunException e) {
        // The batch's nodes stay AWAITING_HEALTH: their steps ran, their gate never passed (the
        // unhealthy node may be another one of the cluster, named in the message).
        policy.failed(new Failure(null, null, context.redactor().redact(e.getMessage()), false));
        return;
      }
      for (NodePlan node : nodes) {
        String host = node.host().name();
        // After an interruption, nodes left before their stop stay as they are.
        if (states.progress(host).state() == NodeState.AWAITING_HEALTH) {
          states.move(host, NodeState.DONE, node.steps().size());
          nodeTimes.put(host, Duration.between(started.get(host), context.clock().instant()));
        }
      }
    }

    /**
     * A node's thread ended with something other than a step failure: a defect (or the run being
     * stopped while it waited). The node is never counted as done.
     */
    private void nodeBroke(NodePlan node, Throwable cause) {
      if (cause instanceof InterruptedException) {
        policy.stopRequested();
        return;
      }
      String host = node.host().name();
      NodeProgress progress = states.progress(host);
      String step =
          progress.next() < node.steps().size() ? node.steps().get(progress.next()).id() : null;
      String where = host + (step == null ? "" : ", step " + step);
      if (cause instanceof RollrunException known) {
        // Not a defect: something the run depends on failed (the journal could not be written).
        policy.failed(
            new Failure(
                host, step, where + ": " + context.redactor().redact(known.getMessage()), false));
      } else {
        policy.failed(
            new Failure(
                host,
                step,
                "internal error in "
                    + where
                    + ": "
                    + context.redactor().redact(String.valueOf(cause)),
                true));
      }
      if (!progress.state().isFinal()) {
        states.move(host, NodeState.FAILED, progress.next());
      }
    }

    private Outcome outcomeOf(Failure failure) {
      return failure.internal() ? Outcome.INTERNAL_ERROR : Outcome.FAILED;
    }

    /**
     * Ends the run. A failure recorded by a node outranks how the run was left (a Ctrl-C after a
     * failure is still a failed run), and DONE is refused unless every node is done.
     */
    /**
     * A run that did not end done runs its on-failure steps (each failure a warning: they cannot
     * make things worse) and says that its post-cluster steps did not run.
     */
    private void afterFailure() {
      if (!plan.postCluster().isEmpty()) {
        events.emit(
            new RunEvent.Warning("the post-cluster steps did not run: the run did not finish"));
      }
      for (PlannedStep step : plan.onFailure()) {
        try {
          Failure failed = steps.run(null, step);
          if (failed != null) {
            events.emit(new RunEvent.Warning("on-failure " + failed.message()));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          events.emit(new RunEvent.Warning("on-failure steps cut short by an interruption"));
          return;
        } catch (RuntimeException e) {
          events.emit(
              new RunEvent.Warning(
                  "on-failure step "
                      + step.id()
                      + " could not run: "
                      + context.redactor().redact(String.valueOf(e))));
        }
      }
    }

    private RunReport finish(Outcome outcome, Failure failure) {
      Outcome ending = outcome;
      Failure reported = failure;
      Failure known = policy.failure();
      if (known != null && outcome != Outcome.INTERNAL_ERROR) {
        ending = outcomeOf(known);
        reported = known;
      }
      if (ending == Outcome.DONE && !states.snapshot().allDone()) {
        ending = Outcome.INTERNAL_ERROR;
        reported =
            new Failure(null, null, "internal error: the run ended while a node is not done", true);
      }
      if (ending != Outcome.DONE) {
        afterFailure();
      }
      Duration took = Duration.between(start, context.clock().instant());
      RolloutState last = states.snapshot();
      List<RunEvent.NodeSummary> summary = new ArrayList<>();
      last.nodes()
          .forEach(
              (host, progress) ->
                  summary.add(
                      new RunEvent.NodeSummary(host, progress.state(), nodeTimes.get(host))));
      String message = reported == null ? null : reported.message();
      events.emit(new RunEvent.RunFinished(ending, summary, took, message));
      return new RunReport(ending, last, nodeTimes, took, reported);
    }
  }

  /** One pool per run, as wide as its widest batch, at most {@link #MAX_PARALLEL_NODES}. */
  private static ExecutorService newPool(RolloutPlan plan) {
    int widest = plan.batches().stream().mapToInt(b -> b.nodes().size()).max().orElse(1);
    return Executors.newFixedThreadPool(
        Math.max(1, Math.min(MAX_PARALLEL_NODES, widest)), new NodeThreads());
  }

  /** Threads named for the nodes they run, daemon so that a stuck step never keeps the JVM up. */
  private static final class NodeThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "rollrun-node-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** A pre-cluster or post-cluster step failed. */
  private static final class ClusterStepFailed extends RollrunException {
    private final Failure failure;

    ClusterStepFailed(Failure failure) {
      super(failure.message());
      this.failure = failure;
    }
  }
}

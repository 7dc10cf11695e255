package dev.rollrun.core.exec;

import dev.rollrun.api.Phase;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import java.util.List;

/**
 * One node through its lifecycle, from wherever its state and step cursor say (PENDING at its first
 * step, or part way after an earlier run ended), to AWAITING_HEALTH when every step ran, FAILED
 * when one of its steps failed, or left where it is when the {@link FailurePolicy} says so.
 *
 * <p>The state follows the step about to run: pre-stop steps and the stop command are STOPPING;
 * once the stop command succeeded the node is STOPPED (post-stop, script, pre-start); the start
 * command and post-start steps are STARTING. The cursor moves past a step only once it succeeded.
 */
final class NodeRun {

  private final NodePlan node;
  private final NodeStates states;
  private final FailurePolicy policy;
  private final StepRunner steps;
  private final RunControl control;

  NodeRun(
      NodePlan node,
      NodeStates states,
      FailurePolicy policy,
      StepRunner steps,
      RunControl control) {
    this.node = node;
    this.states = states;
    this.policy = policy;
    this.steps = steps;
    this.control = control;
  }

  /** Runs the node's remaining steps; never throws for a failed step (the policy records it). */
  void run() throws InterruptedException {
    String host = node.host().name();
    List<PlannedStep> planned = node.steps();
    NodeProgress progress = states.progress(host);
    if (progress.state().isFinal() || progress.state() == NodeState.AWAITING_HEALTH) {
      return;
    }
    for (int i = progress.next(); i < planned.size(); i++) {
      PlannedStep step = planned.get(i);
      NodeState current = states.progress(host).state();
      if (policy.before(current, step, control.stopRequested()) == FailurePolicy.Verdict.LEAVE) {
        // Left running before its stop: a setting this run made on it is not left behind.
        restoreOwned(planned, i);
        return;
      }
      states.move(host, stateDuring(step.phase(), current), i);
      Failure failure = steps.run(node.host(), step);
      if (failure != null) {
        // Known to the policy first: a peer deciding whether to stop sees it from here on.
        policy.failed(failure);
        states.move(host, NodeState.FAILED, i);
        restoreOwned(planned, i + 1);
        return;
      }
      states.move(host, stateAfter(step.phase(), states.progress(host).state()), i + 1);
    }
    states.move(host, NodeState.AWAITING_HEALTH, planned.size());
  }

  /**
   * When the node goes no further than step {@code next} (it failed at the step before it, or is
   * left running before its stop): every later step that restores what a step before {@code next}
   * set (a behaviour wrapper's after, a {@code restore:}), so that a temporary setting is not left
   * behind on a node that can still be reached. Their own failures are reported as steps; the
   * node's state stays as it is.
   */
  private void restoreOwned(List<PlannedStep> planned, int next) throws InterruptedException {
    java.util.Set<String> ran = new java.util.HashSet<>();
    for (int i = 0; i < next; i++) {
      ran.add(planned.get(i).id());
    }
    for (int i = next; i < planned.size(); i++) {
      PlannedStep step = planned.get(i);
      if (step.restores().filter(ran::contains).isPresent()) {
        steps.run(node.host(), step);
      }
    }
  }

  /** The node's state while a step of {@code phase} runs. */
  static NodeState stateDuring(Phase phase, NodeState current) {
    return switch (phase) {
      case PRE_STOP, STOP -> NodeState.STOPPING;
      case POST_STOP, SCRIPT, PRE_START -> NodeState.STOPPED;
      case START, POST_START -> NodeState.STARTING;
      case PRE_CLUSTER, POST_CLUSTER, ON_FAILURE ->
          throw new IllegalStateException("a node has no " + phase + " steps");
    };
  }

  /** The node's state once a step of {@code phase} succeeded. */
  static NodeState stateAfter(Phase phase, NodeState during) {
    return phase == Phase.STOP ? NodeState.STOPPED : during;
  }
}

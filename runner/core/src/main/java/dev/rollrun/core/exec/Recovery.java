package dev.rollrun.core.exec;

import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts back what a run left set on its nodes, for {@code rollrun recover}: each step that restores
 * a setting runs once (a behaviour wrapper's {@code recover}, not its {@code after}), with the
 * values the run's wrappers saved (seeded into {@link RunContext#owned()} by the caller); a failure
 * is reported and the next setting is still put back. Nothing is stopped or started.
 */
public final class Recovery {

  /**
   * One setting put back, or not.
   *
   * @param step the restoring step's id
   * @param what the step in one line, secrets hidden
   * @param failure why it failed, or null when it was put back
   */
  public record Restored(String host, String step, String what, String failure) {
    public boolean succeeded() {
      return failure == null;
    }
  }

  private final StepRunner steps;

  public Recovery(RunContext context) {
    this.steps = new StepRunner(StepExecutors.recovering(), context);
  }

  /**
   * @param restores for each node of {@code plan}, the restoring steps to run, in order
   */
  public List<Restored> run(RolloutPlan plan, Map<String, List<PlannedStep>> restores)
      throws InterruptedException {
    List<Restored> done = new ArrayList<>();
    for (NodePlan node : plan.nodes()) {
      for (PlannedStep step : restores.getOrDefault(node.host().name(), List.of())) {
        Failure failure = steps.run(node.host(), step);
        done.add(
            new Restored(
                node.host().name(),
                step.id(),
                step.kind() + " " + step.describe(),
                failure == null ? null : failure.message()));
      }
    }
    return List.copyOf(done);
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.task.NodeTaskContext;
import dev.rollrun.core.task.TaskCall;
import java.time.Duration;

/**
 * One side of a cluster behaviour's wrapper around a node: before its stop, after its start; for
 * {@code rollrun recover}, the wrapper's {@code recover} in place of its {@code after}.
 */
final class WrapperExecutor implements StepExecutor<PlannedStep.Wrapper> {

  private final boolean recovering;

  /**
   * @param recovering whether the after sides put back what a crashed run left set ({@code rollrun
   *     recover}, which starts no node), not what a node the run has just started had set
   */
  WrapperExecutor(boolean recovering) {
    this.recovering = recovering;
  }

  @Override
  public Class<PlannedStep.Wrapper> kind() {
    return PlannedStep.Wrapper.class;
  }

  @Override
  public void execute(PlannedStep.Wrapper step, StepContext context) throws InterruptedException {
    Duration limit = context.defaultTimeout();
    NodeTaskContext task =
        new NodeTaskContext(
            context.host(),
            context.shell(),
            context.lines(),
            limit,
            context.redactor(),
            step.cluster());
    TaskCall.call(
        () -> {
          String host = context.host().name();
          if (step.before()) {
            // Read and journaled before anything changes: recover puts back exactly this.
            context.owned().save(host, step.id(), step.wrapper().save(task, step.settings()));
            step.wrapper().before(task, step.settings());
          } else if (recovering) {
            step.wrapper()
                .recover(task, step.settings(), context.owned().savedBy(host, step.partnerId()));
          } else {
            step.wrapper()
                .after(task, step.settings(), context.owned().savedBy(host, step.partnerId()));
          }
          return null;
        },
        limit,
        "wrapper " + step.name() + (step.before() ? " (before stop)" : " (after start)"),
        TaskCall.origin(step.wrapper()));
  }
}

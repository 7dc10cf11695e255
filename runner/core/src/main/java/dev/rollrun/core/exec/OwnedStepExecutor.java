package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;

/** {@code set:} and its {@code restore:}: a command on the node, like {@code run:}. */
final class OwnedStepExecutor implements StepExecutor<PlannedStep.Owned> {

  @Override
  public Class<PlannedStep.Owned> kind() {
    return PlannedStep.Owned.class;
  }

  @Override
  public void execute(PlannedStep.Owned step, StepContext context) {
    NodeCommand.run(context, "set/restore", step.id(), step.command(), step.sudo(), step.timeout());
  }
}

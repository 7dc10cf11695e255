package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;

/** {@code run:} and the service's stop and start: a command on the node over SSH. */
final class RunStepExecutor implements StepExecutor<PlannedStep.Run> {

  @Override
  public Class<PlannedStep.Run> kind() {
    return PlannedStep.Run.class;
  }

  @Override
  public void execute(PlannedStep.Run step, StepContext context) {
    NodeCommand.run(context, "run", step.id(), step.command(), step.sudo(), step.timeout());
  }
}

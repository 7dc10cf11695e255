package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;

/** {@code wait:} a pause. */
final class WaitStepExecutor implements StepExecutor<PlannedStep.Wait> {

  @Override
  public Class<PlannedStep.Wait> kind() {
    return PlannedStep.Wait.class;
  }

  @Override
  public void execute(PlannedStep.Wait step, StepContext context) throws InterruptedException {
    context.sleeper().sleep(step.duration());
  }
}

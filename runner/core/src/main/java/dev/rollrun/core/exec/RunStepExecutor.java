package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;

/** {@code run:} and the service's stop and start: a command on the node over SSH. */
final class RunStepExecutor implements StepExecutor<PlannedStep.Run> {

  @Override
  public Class<PlannedStep.Run> kind() {
    return PlannedStep.Run.class;
  }

  @Override
  public void execute(PlannedStep.Run step, StepContext context) {
    if (context.host() == null) {
      throw new IllegalStateException("a run step needs a node: " + step.id());
    }
    ShellCommand command =
        new ShellCommand(
            step.command().actual(),
            step.command().shown(),
            step.sudo(),
            context.timeoutOr(step.timeout()));
    ShellResult result = context.shell().run(context.host(), command, context.lines());
    if (!result.succeeded()) {
      throw new StepFailedException(StepFailedException.describe(result));
    }
  }
}

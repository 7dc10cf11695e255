package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;

/** {@code local:} a command on the operator's machine. */
final class LocalStepExecutor implements StepExecutor<PlannedStep.Local> {

  @Override
  public Class<PlannedStep.Local> kind() {
    return PlannedStep.Local.class;
  }

  @Override
  public void execute(PlannedStep.Local step, StepContext context) {
    ShellCommand command =
        new ShellCommand(
            step.command().actual(),
            step.command().shown(),
            false,
            context.timeoutOr(step.timeout()));
    ShellResult result = context.shell().run(null, command, context.lines());
    if (!result.succeeded()) {
      throw new StepFailedException(StepFailedException.describe(result));
    }
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;

/** {@code set:} and its {@code restore:}: a command on the node, like {@code run:}. */
final class OwnedStepExecutor implements StepExecutor<PlannedStep.Owned> {

  @Override
  public Class<PlannedStep.Owned> kind() {
    return PlannedStep.Owned.class;
  }

  @Override
  public void execute(PlannedStep.Owned step, StepContext context) {
    if (context.host() == null) {
      throw new IllegalStateException("a set/restore step needs a node: " + step.id());
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

package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.time.Duration;

/**
 * Reads the identity of a node's running service right before its stop and journals it (as the
 * value the step saved), whatever the command's exit code: a service that is not running prints
 * nothing, which is a value too.
 */
final class InstanceStepExecutor implements StepExecutor<PlannedStep.Instance> {

  /** Reading an identity is quick; a command that hangs must not hold the roll for long. */
  static final Duration LIMIT = Duration.ofSeconds(30);

  @Override
  public Class<PlannedStep.Instance> kind() {
    return PlannedStep.Instance.class;
  }

  @Override
  public void execute(PlannedStep.Instance step, StepContext context) {
    if (context.host() == null) {
      throw new IllegalStateException("an instance step needs a node: " + step.id());
    }
    ShellResult result =
        context
            .shell()
            .run(
                context.host(),
                new ShellCommand(
                    step.command().actual(), step.command().shown(), false, limit(context)),
                context.lines());
    context
        .owned()
        .save(context.host().name(), step.id(), context.redactor().redact(result.stdout().strip()));
  }

  private static Duration limit(StepContext context) {
    Duration fallback = context.timeoutOr(null);
    return fallback.compareTo(LIMIT) < 0 ? fallback : LIMIT;
  }
}

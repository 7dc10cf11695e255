package dev.rollrun.core.exec;

import dev.rollrun.core.plan.Command;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.time.Duration;

/** A step's command on its node over SSH, failing the step when it does not succeed. */
final class NodeCommand {

  private NodeCommand() {}

  /**
   * @param kind the step's kind, for the message when the step has no node
   * @param timeout the step's own timeout, or null for the default
   */
  static void run(
      StepContext context,
      String kind,
      String step,
      Command command,
      boolean sudo,
      Duration timeout) {
    if (context.host() == null) {
      throw new IllegalStateException("a " + kind + " step needs a node: " + step);
    }
    ShellCommand shell =
        new ShellCommand(command.actual(), command.shown(), sudo, context.timeoutOr(timeout));
    ShellResult result = context.shell().run(context.host(), shell, context.lines());
    if (!result.succeeded()) {
      throw new StepFailedException(StepFailedException.describe(result));
    }
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.shell.ShellResult;
import java.util.List;

/**
 * A step ran and failed: its command exited non-zero. The message is the reason only (exit code,
 * last lines of stderr); who and which step are added by the runner.
 */
public class StepFailedException extends RollrunException {

  public StepFailedException(String reason) {
    super(reason);
  }

  static String describe(ShellResult result) {
    List<String> tail = result.lastStderrLines();
    return "exit code "
        + result.exitCode()
        + (tail.isEmpty() ? " (no stderr)" : "; stderr: " + String.join(" | ", tail));
  }
}

package dev.rollrun.core.exec;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.shell.ShellResult;
import java.util.List;

/** A step of the roll failed: names the host, the step, the exit code and stderr's last lines. */
public class StepFailedException extends RollrunException {

  private final String host;
  private final String step;

  public StepFailedException(String host, String step, String reason) {
    super((host == null ? "cluster" : host) + ": step " + step + " failed: " + reason);
    this.host = host;
    this.step = step;
  }

  public String host() {
    return host;
  }

  public String step() {
    return step;
  }

  static String describe(ShellResult result) {
    List<String> tail = result.lastStderrLines();
    return "exit code "
        + result.exitCode()
        + (tail.isEmpty() ? " (no stderr)" : "; stderr: " + String.join(" | ", tail));
  }
}

package dev.rollrun.api;

/**
 * How a command a task ran on its node ended.
 *
 * @param exitCode the command's exit code (0: success)
 * @param stdout its standard output, whole (up to rollrun's output limit)
 * @param stderr the last lines of its standard error
 */
public record CommandOutput(int exitCode, String stdout, String stderr) {

  /** True when the command exited 0. */
  public boolean ok() {
    return exitCode == 0;
  }
}

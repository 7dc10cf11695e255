package dev.rollrun.core.shell;

import java.util.List;

/**
 * How a command ended: its exit code, and its output (stdout whole up to a limit, the last lines of
 * stderr) for health matching and failure messages.
 */
public record ShellResult(int exitCode, String stdout, List<String> lastStderrLines) {

  public ShellResult {
    lastStderrLines = List.copyOf(lastStderrLines);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}

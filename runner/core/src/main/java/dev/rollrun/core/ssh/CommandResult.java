package dev.rollrun.core.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a command ended. Only the last lines of each stream are kept (every line went to the {@link
 * OutputListener} as it arrived).
 *
 * @param exitCode the command's exit code; 128+N when a signal N ended it, 255 when the server
 *     closed the channel without reporting one
 * @param duration wall-clock time from start to exit, measured on the operator's machine
 * @param stdoutTail the last lines of standard output, oldest first
 * @param stderrTail the last lines of standard error, oldest first
 */
public record CommandResult(
    int exitCode, Duration duration, List<String> stdoutTail, List<String> stderrTail) {

  public CommandResult {
    Objects.requireNonNull(duration, "duration");
    stdoutTail = List.copyOf(stdoutTail);
    stderrTail = List.copyOf(stderrTail);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}

package dev.rollrun.tests.fleet;

import java.time.Duration;
import java.util.List;

/**
 * What a local command (often {@code ssh}) did.
 *
 * @param command the command line as run
 * @param exitCode its exit status; {@code -1} when it was killed after {@code timedOut}
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 * @param elapsed wall-clock time from start to exit
 * @param timedOut whether it had to be killed because it ran too long
 */
public record CommandResult(
    List<String> command,
    int exitCode,
    String stdout,
    String stderr,
    Duration elapsed,
    boolean timedOut) {

  public CommandResult {
    command = List.copyOf(command);
  }

  /** Whether the command exited 0 in time. */
  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /** Standard output without its trailing line breaks (handy for one-line answers). */
  public String output() {
    int end = stdout.length();
    while (end > 0 && (stdout.charAt(end - 1) == '\n' || stdout.charAt(end - 1) == '\r')) {
      end--;
    }
    return stdout.substring(0, end);
  }

  /** A one-paragraph description for failure messages. */
  public String describe() {
    return String.join(" ", command)
        + (timedOut ? " timed out after " + elapsed.toMillis() + " ms" : " exited " + exitCode)
        + (stderr.isBlank() ? "" : "; stderr:\n" + stderr.strip())
        + (stdout.isBlank() ? "" : "\nstdout:\n" + stdout.strip());
  }
}

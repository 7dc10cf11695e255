package dev.rollrun.core.ssh;

import java.time.Duration;

/** A command ran longer than its timeout and was stopped. */
public class CommandTimeoutException extends HostException {

  private final String command;
  private final Duration timeout;

  public CommandTimeoutException(String host, String command, Duration timeout) {
    super(
        host,
        host
            + ": "
            + Commands.quoteForMessage(command)
            + " did not finish within "
            + Commands.formatDuration(timeout)
            + " and was stopped (TERM, then KILL after "
            + Commands.formatDuration(Commands.KILL_AFTER)
            + ")");
    this.command = command;
    this.timeout = timeout;
  }

  /** The command as it may be shown: secrets as {@code <secret:NAME>}. */
  public String command() {
    return command;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The timeout in whole seconds, as the remote {@code timeout} wrapper was given it. */
  public long seconds() {
    return Commands.timeoutSeconds(timeout);
  }
}

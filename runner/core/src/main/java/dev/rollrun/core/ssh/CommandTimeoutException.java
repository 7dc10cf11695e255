package dev.rollrun.core.ssh;

import java.time.Duration;

/**
 * A command ran longer than its timeout. Either the host reported its end (the remote {@code
 * timeout} wrapper stopped it: {@link #confirmed()}), or the host reported nothing at all, not even
 * after a grace period: then the wrapper was to stop it there, but nothing confirms that it did,
 * and the message says so.
 */
public class CommandTimeoutException extends HostException {

  private final String command;
  private final Duration timeout;
  private final boolean confirmed;

  /** The command was stopped, and the host said so. */
  public CommandTimeoutException(String host, String command, Duration timeout) {
    this(host, command, timeout, null);
  }

  /**
   * @param unansweredFor how long past the timeout the host was waited for without a word; null
   *     when the host reported the command's end
   */
  public CommandTimeoutException(
      String host, String command, Duration timeout, Duration unansweredFor) {
    super(
        host,
        host
            + ": "
            + Commands.quoteForMessage(command)
            + " did not finish within "
            + Commands.formatDuration(timeout)
            + (unansweredFor == null
                ? " and was stopped (TERM, then KILL after "
                    + Commands.formatDuration(Commands.KILL_AFTER)
                    + ")"
                : ", and the host has not answered since (nothing for "
                    + Commands.formatDuration(unansweredFor)
                    + " more): it was to be stopped there (TERM, then KILL after "
                    + Commands.formatDuration(Commands.KILL_AFTER)
                    + "), which nothing confirms; check the host"));
    this.command = command;
    this.timeout = timeout;
    this.confirmed = unansweredFor == null;
  }

  /** The command as it may be shown: secrets as {@code <secret:NAME>}. */
  public String command() {
    return command;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Whether the host reported that the command ended (stopped by the remote wrapper). */
  public boolean confirmed() {
    return confirmed;
  }

  /** The timeout in whole seconds, as the remote {@code timeout} wrapper was given it. */
  public long seconds() {
    return Commands.timeoutSeconds(timeout);
  }
}

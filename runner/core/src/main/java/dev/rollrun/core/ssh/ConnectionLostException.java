package dev.rollrun.core.ssh;

/**
 * The SSH connection broke while a command ran. Whether the command finished on the host is
 * unknown, and the message says so: the operator must look before retrying a stop or a start.
 */
public class ConnectionLostException extends HostException {

  private final String command;

  public ConnectionLostException(String host, String where, String command, Throwable cause) {
    super(
        host,
        where
            + ": connection lost while running "
            + Commands.quoteForMessage(command)
            + "; whether it finished on the host is unknown",
        cause);
    this.command = command;
  }

  /** The command as it may be shown: secrets as {@code <secret:NAME>}. */
  public String command() {
    return command;
  }
}

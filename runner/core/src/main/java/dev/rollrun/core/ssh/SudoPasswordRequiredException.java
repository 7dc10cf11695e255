package dev.rollrun.core.ssh;

/**
 * {@code sudo -n} refused because it wants a password. rollrun never types passwords: the command
 * must be allowed without one (NOPASSWD in sudoers).
 */
public class SudoPasswordRequiredException extends HostException {

  private final String command;

  public SudoPasswordRequiredException(String host, String command) {
    super(
        host,
        host
            + ": sudo wants a password to run "
            + Commands.quoteForMessage(command)
            + "; rollrun runs sudo -n and never types passwords: allow it without one (NOPASSWD"
            + " in sudoers)");
    this.command = command;
  }

  /** The command as it may be shown: secrets as {@code <secret:NAME>}. */
  public String command() {
    return command;
  }
}

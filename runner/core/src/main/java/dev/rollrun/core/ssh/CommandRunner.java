package dev.rollrun.core.ssh;

/**
 * Runs shell commands somewhere: on one host over SSH ({@link SshSessionPool#runnerFor}) or on the
 * operator's machine ({@link LocalCommandRunner}), with one contract so that {@code run:} and
 * {@code local:} steps are executed alike.
 */
@FunctionalInterface
public interface CommandRunner {

  /**
   * Runs the command and waits for it to end.
   *
   * @return the exit code and the last lines of output; a non-zero exit code is a result, not an
   *     exception
   * @throws CommandTimeoutException when it ran longer than its timeout (it was then stopped)
   * @throws SudoPasswordRequiredException when {@code sudo} wanted a password
   * @throws HostException when the host could not be reached or the connection broke
   */
  CommandResult run(RemoteCommand command, OutputListener listener);
}

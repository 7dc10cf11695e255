package dev.rollrun.core.ssh;

import java.time.Duration;
import java.util.Objects;

/**
 * A shell command as a playbook step gives it ({@code run:} on a host, {@code local:} on the
 * operator's machine).
 *
 * @param command a POSIX shell command line, run by {@code sh -c}
 * @param sudo run it as root with {@code sudo -n}, which fails at once instead of asking for a
 *     password
 * @param timeout how long it may run; {@code null} means the runner's default
 */
public record RemoteCommand(String command, boolean sudo, Duration timeout) {

  public RemoteCommand {
    Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("empty command");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /**
   * The command a server receives from rollrun, unwrapped: what the playbook wrote, without the
   * {@code timeout} and {@code sh -c} rollrun puts around it. For servers rollrun runs itself (the
   * embedded demo fleet), which handle some commands in-process.
   */
  public static String unwrap(String received) {
    return Commands.commandOf(received);
  }

  public static RemoteCommand of(String command) {
    return new RemoteCommand(command, false, null);
  }

  public RemoteCommand withSudo(boolean sudo) {
    return new RemoteCommand(command, sudo, timeout);
  }

  public RemoteCommand withTimeout(Duration timeout) {
    return new RemoteCommand(command, sudo, timeout);
  }

  Duration effectiveTimeout(Duration fallback) {
    return timeout != null ? timeout : fallback;
  }
}

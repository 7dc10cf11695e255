package dev.rollrun.core.ssh;

import dev.rollrun.core.shell.ShellCommand;
import java.time.Duration;
import java.util.Objects;

/**
 * A shell command as a playbook step gives it ({@code run:} on a host, {@code local:} on the
 * operator's machine).
 *
 * @param command a POSIX shell script, run by {@code sh}, secrets included
 * @param shown the same with every secret as {@code <secret:NAME>}: the only form messages quote
 * @param sudo run it as root with {@code sudo -n}, which fails at once instead of asking for a
 *     password
 * @param timeout how long it may run; {@code null} means the runner's default
 */
public record RemoteCommand(String command, String shown, boolean sudo, Duration timeout) {

  public RemoteCommand {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(shown, "shown");
    if (command.isBlank()) {
      throw new IllegalArgumentException("empty command");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** A command without secrets: what runs is what is shown. */
  public RemoteCommand(String command, boolean sudo, Duration timeout) {
    this(command, command, sudo, timeout);
  }

  /**
   * The command a server receives from rollrun, unwrapped: what the playbook wrote, without the
   * {@code timeout} and {@code sh -c} rollrun puts around it. For servers rollrun runs itself (the
   * embedded demo fleet), which handle some commands in-process. A command holding secrets arrives
   * on the channel's input instead: its line unwraps to {@link Commands#SCRIPT_FROM_INPUT}.
   */
  public static String unwrap(String received) {
    return Commands.commandOf(received);
  }

  public static RemoteCommand of(String command) {
    return new RemoteCommand(command, false, null);
  }

  /** The port's command: what runs, what is shown, sudo and timeout. */
  public static RemoteCommand of(ShellCommand command) {
    return new RemoteCommand(command.script(), command.shown(), command.sudo(), command.timeout());
  }

  public RemoteCommand withSudo(boolean sudo) {
    return new RemoteCommand(command, shown, sudo, timeout);
  }

  public RemoteCommand withTimeout(Duration timeout) {
    return new RemoteCommand(command, shown, sudo, timeout);
  }

  /** The same command, shown as {@code shown} (the script with its secrets hidden). */
  public RemoteCommand withShown(String shown) {
    return new RemoteCommand(command, shown, sudo, timeout);
  }

  /**
   * True when {@link #command} holds a secret that {@link #shown} hides: the script then travels on
   * the command's standard input, never on a command line.
   */
  public boolean holdsSecrets() {
    return !command.equals(shown);
  }

  Duration effectiveTimeout(Duration fallback) {
    return timeout != null ? timeout : fallback;
  }

  /** The shown form only: a record's default would print the secrets. */
  @Override
  public String toString() {
    return "RemoteCommand[" + shown + (sudo ? ", sudo" : "") + ", timeout=" + timeout + "]";
  }
}

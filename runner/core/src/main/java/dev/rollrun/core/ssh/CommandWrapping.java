package dev.rollrun.core.ssh;

import dev.rollrun.core.text.ShellQuoting;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What reaches the shell for a command, in words for a plan's reader: the line a node receives and
 * the program started on the operator's machine, with placeholders for the command and its timeout.
 * Made by the code that builds the real lines ({@link Commands}), so the two cannot drift apart.
 */
public final class CommandWrapping {

  /** A timeout no step has, to find where a line puts the timeout. */
  private static final Duration MARKER = Duration.ofSeconds(8_765_431);

  /** How a plan shows the mark each command gets ({@code $0} of its shell, a random id). */
  private static final String MARK = Commands.MARK_PREFIX + "<id>";

  private CommandWrapping() {}

  /**
   * The line a node's login shell receives for {@code command} (a {@code run:} step or a health
   * command on the node): {@code timeout -s TERM -k 5 TIMEOUT sh -c 'COMMAND' rollrun-<id>}, with
   * {@code sudo -n} before {@code sh} for a sudo command. The mark, {@code $0} of the shell, lets
   * rollrun end the command on the node when it gives up on it.
   */
  public static String onNode(String command, boolean sudo, String timeout) {
    String line = Commands.remoteLine(new RemoteCommand(command, sudo, null), MARKER, MARK);
    return line.replace(Long.toString(Commands.timeoutSeconds(MARKER)), timeout);
  }

  /**
   * The line a node receives for a command that holds a secret: the same wrapping around {@code
   * eval "$(cat)"}, the command itself written to the command's standard input, so that no process
   * list shows the secret.
   */
  public static String onNodeWithSecrets(boolean sudo, String timeout) {
    String line =
        Commands.remoteLine(new RemoteCommand("secret", "<secret>", sudo, null), MARKER, MARK);
    return line.replace(Long.toString(Commands.timeoutSeconds(MARKER)), timeout);
  }

  /**
   * What the operator's machine starts for a {@code local:} command: {@code /bin/sh -c 'COMMAND'}.
   * No {@code timeout} program: rollrun itself stops the process and its children at the timeout,
   * TERM first, then KILL {@link #killAfter()} later.
   */
  public static String local(String command) {
    return "/bin/sh -c " + ShellQuoting.quote(Commands.localLine(RemoteCommand.of(command)));
  }

  /** How long a command that ignores TERM at its timeout has before it is killed. */
  public static Duration killAfter() {
    return Commands.KILL_AFTER;
  }

  /** The timeout of a command that does not set one. */
  public static Duration defaultTimeout() {
    return SshSettings.defaults(Path.of("/"), null).commandTimeout();
  }
}

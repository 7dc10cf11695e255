package dev.rollrun.core.ssh;

import dev.rollrun.core.text.ShellQuoting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** How commands are wrapped for the shell, and how they are quoted in messages. */
final class Commands {

  /** A command that ignores TERM is killed this long after its timeout. */
  static final Duration KILL_AFTER = Duration.ofSeconds(5);

  private static final int MESSAGE_COMMAND_MAX = 80;

  /**
   * What {@code sh -c} runs for a command that holds secrets: the script itself comes on standard
   * input, which {@code cat} reads to its end, so that no secret is ever in a process's arguments
   * (visible to every user in {@code ps}) or in the command line an SSH server logs. The script
   * then finds its standard input at end of file, as every command does. No variable holds the
   * script, so the script cannot see or clobber it.
   */
  static final String SCRIPT_FROM_INPUT = "eval \"$(cat)\"";

  private Commands() {}

  /**
   * The command line sent to the remote login shell. {@code timeout} bounds the remote process
   * itself: without a pty, closing the channel would leave it running (sshd does not signal it).
   * The short options are understood by GNU coreutils and busybox alike.
   */
  static String remoteLine(RemoteCommand command, Duration timeout, String mark) {
    return "timeout -s TERM -k "
        + KILL_AFTER.toSeconds()
        + " "
        + timeoutSeconds(timeout)
        + " "
        + shellLine(command)
        + " "
        + mark;
  }

  /** What starts every command's mark: {@code rollrun-} and a random id. */
  static final String MARK_PREFIX = "rollrun-";

  /**
   * A new mark for one command: the {@code $0} of its {@code sh -c}, so that it is in the command
   * lines of the command's {@code timeout} and {@code sh}, where {@link #endByMark} finds them.
   */
  static String newMark() {
    return MARK_PREFIX
        + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 4);
  }

  /**
   * The command that ends the processes of the command marked {@code mark}: {@code pkill} sends
   * SIGTERM to its {@code timeout}, which passes it on to the whole command. The pattern is written
   * so that it does not match the line of the {@code pkill} command itself.
   */
  static String endByMark(String mark) {
    String id = mark.substring(MARK_PREFIX.length());
    return "pkill -TERM -f -- '"
        + MARK_PREFIX
        + "["
        + id.charAt(0)
        + "]"
        + id.substring(1)
        + "$' || true";
  }

  /**
   * {@code sh -c '<command>'}, or {@code sudo -n sh -c '<command>'}, as argv-ready words; for a
   * command holding secrets, {@link #SCRIPT_FROM_INPUT} instead of the command.
   */
  static String shellLine(RemoteCommand command) {
    String sh = "sh -c " + shellQuote(onCommandLine(command));
    return command.sudo() ? "sudo -n " + sh : sh;
  }

  /** The command for {@code /bin/sh -c} on the operator's machine. */
  static String localLine(RemoteCommand command) {
    String script = onCommandLine(command);
    return command.sudo() ? "sudo -n sh -c " + shellQuote(script) : script;
  }

  /** What of a command may go on a command line: all of it, unless it holds secrets. */
  private static String onCommandLine(RemoteCommand command) {
    return command.holdsSecrets() ? SCRIPT_FROM_INPUT : command.command();
  }

  /** Single-quotes a word for a POSIX shell. */
  static String shellQuote(String word) {
    return ShellQuoting.quote(word);
  }

  /**
   * The operator's command inside a line {@link #remoteLine} built ({@code timeout ... [sudo -n] sh
   * -c 'CMD' MARK}), or the line itself when it is not one.
   */
  static String commandOf(String line) {
    int mark = line.lastIndexOf("' " + MARK_PREFIX);
    String remoteLine = mark < 0 ? line : line.substring(0, mark + 1);
    int at = remoteLine.indexOf(" sh -c '");
    if (!remoteLine.startsWith("timeout ") || at < 0 || !remoteLine.endsWith("'")) {
      return remoteLine;
    }
    String quoted = remoteLine.substring(at + " sh -c ".length());
    return quoted.substring(1, quoted.length() - 1).replace("'\\''", "'");
  }

  /** Whether a line of stderr is sudo saying that it would need a password (with -n). */
  static boolean isSudoPasswordRefusal(String line) {
    String l = line.toLowerCase(Locale.ROOT);
    return l.startsWith("sudo:")
        && (l.contains("a password is required") || l.contains("a terminal is required"));
  }

  /** The Linux number of a signal named in an SSH exit-signal ({@code TERM}), 0 if unknown. */
  static int signalNumber(String name) {
    return switch (name.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "")) {
      case "HUP" -> 1;
      case "INT" -> 2;
      case "QUIT" -> 3;
      case "ILL" -> 4;
      case "ABRT" -> 6;
      case "FPE" -> 8;
      case "KILL" -> 9;
      case "USR1" -> 10;
      case "SEGV" -> 11;
      case "USR2" -> 12;
      case "PIPE" -> 13;
      case "ALRM" -> 14;
      case "TERM" -> 15;
      default -> 0;
    };
  }

  static long timeoutSeconds(Duration timeout) {
    long seconds = timeout.toSeconds();
    if (timeout.toNanosPart() > 0 || seconds == 0) {
      seconds++;
    }
    return seconds;
  }

  /** A command for a one-line message: quoted, first line only, shortened. */
  static String quoteForMessage(String command) {
    String c = command.strip();
    int newline = c.indexOf('\n');
    boolean cut = false;
    if (newline >= 0) {
      c = c.substring(0, newline).strip();
      cut = true;
    }
    if (c.length() > MESSAGE_COMMAND_MAX) {
      c = c.substring(0, MESSAGE_COMMAND_MAX);
      cut = true;
    }
    return "\"" + c + (cut ? "..." : "") + "\"";
  }

  /**
   * The first line of what a peer sent, for a one-line message: quoted, printable ASCII as is,
   * other bytes as {@code \xNN}, shortened.
   */
  static String quoteBytes(byte[] sent) {
    int start = 0;
    while (start < sent.length && (sent[start] == '\r' || sent[start] == '\n')) {
      start++;
    }
    StringBuilder sb = new StringBuilder("\"");
    int shown = 0;
    boolean cut = false;
    for (int i = start; i < sent.length; i++) {
      int b = sent[i] & 0xff;
      if (b == '\r' || b == '\n') {
        break;
      }
      if (shown >= MESSAGE_COMMAND_MAX) {
        cut = true;
        break;
      }
      if (b >= 0x20 && b < 0x7f && b != '\\' && b != '"') {
        sb.append((char) b);
        shown++;
      } else {
        sb.append(String.format("\\x%02x", b));
        shown += 4;
      }
    }
    return sb.append(cut ? "...\"" : "\"").toString();
  }

  /** {@code 10m}, {@code 1m30s}, {@code 5s}, {@code 250ms}. */
  static String formatDuration(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    long s = timeoutSeconds(d);
    StringBuilder sb = new StringBuilder();
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      sb.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || sb.length() == 0) {
      sb.append(s).append('s');
    }
    return sb.toString();
  }

  static String endpoint(String hostname, int port) {
    return (hostname.indexOf(':') >= 0 ? "[" + hostname + "]" : hostname) + ":" + port;
  }

  /** A path as an operator would type it: {@code ~/.ssh/known_hosts} under the home directory. */
  static String displayPath(Path path, Path home) {
    if (home != null) {
      Path abs = path.toAbsolutePath().normalize();
      Path h = home.toAbsolutePath().normalize();
      if (abs.startsWith(h) && !abs.equals(h)) {
        return "~/" + h.relativize(abs);
      }
    }
    return path.toString();
  }
}

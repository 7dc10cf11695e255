package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for a test: a command run inside tmux, on a server of its own (its own socket),
 * in a window of a fixed size, with bash's {@code pipefail} so that a pipeline's exit code is its
 * first failing command's. What the operator would see is tmux's screen ({@link #screen()}, {@link
 * #screenWithStyles()}), and keys are typed as an operator types them ({@link #type}). Closing
 * kills the tmux server and so the command.
 */
final class TerminalSession implements AutoCloseable {

  private final Path socket;

  private TerminalSession(Path socket) {
    this.socket = socket;
  }

  /**
   * Starts {@code shellCommand} ({@code bash -c}) in a {@code columns} x {@code rows} terminal of
   * type xterm-256color, in {@code dir}; the window stays after the command ends.
   */
  static TerminalSession start(Path dir, int columns, int rows, String shellCommand)
      throws IOException, InterruptedException {
    Path socket = dir.resolve("tmux.sock");
    TerminalSession session = new TerminalSession(socket);
    session.tmux(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        Integer.toString(columns),
        "-y",
        Integer.toString(rows),
        "-c",
        Path.of("").toAbsolutePath().toString(),
        "bash --norc --noprofile -c "
            + quote(
                "set -o pipefail; "
                    + shellCommand
                    + "\nrc=$?; echo; echo \"exit=$rc\"; sleep 600"));
    return session;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The screen as text, one line per row, trailing blanks cut. */
  String screen() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p");
  }

  /** The screen with its colours and attributes as escape sequences. */
  String screenWithStyles() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-e");
  }

  /** The screen and the history above it. */
  String everything() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-S", "-3000");
  }

  /** Types {@code text} and Enter. */
  void type(String text) throws IOException, InterruptedException {
    tmux("send-keys", "-l", text);
    tmux("send-keys", "Enter");
  }

  /** Waits until the screen shows what {@code seen} accepts; the screen it accepted. */
  String waitFor(String what, Predicate<String> seen, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = screen();
      if (seen.test(screen)) {
        return screen;
      }
      Thread.sleep(100);
    }
    fail("the terminal never showed " + what + "; it shows:\n" + everything());
    return screen;
  }

  /** Waits for the command to end; its exit code, as the shell printed it. */
  int exitCode(Duration timeout) throws IOException, InterruptedException {
    String screen = waitFor("the command's end", s -> s.contains("exit="), timeout);
    String line =
        screen.lines().filter(l -> l.startsWith("exit=")).reduce((a, b) -> b).orElseThrow();
    return Integer.parseInt(line.substring("exit=".length()).strip());
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("tmux " + String.join(" ", args) + ": " + out);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    if (Files.exists(socket)) {
      try {
        new ProcessBuilder("tmux", "-S", socket.toString(), "kill-server")
            .redirectErrorStream(true)
            .start()
            .waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

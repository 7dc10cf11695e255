package dev.rollrun.cli;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.PosixSysTerminal;
import org.jline.terminal.impl.exec.ExecPty;
import org.jline.terminal.spi.TerminalProvider;

/**
 * The operator's terminal: {@code /dev/tty}, the process's controlling terminal, whatever its
 * standard streams are. Questions are asked and answered there, so that {@code rollrun ... | tee
 * roll.log} still asks for confirmation on the screen while the log gets the plain lines; the live
 * view is drawn there when standard output is that terminal.
 *
 * <p>It is a JLine terminal over the device itself ({@link ExecPty} driving {@code stty -F
 * /dev/tty}), so that it needs no native library and does not depend on which standard stream is
 * redirected. Answers are read as lines in the terminal's own (cooked) mode, with its echo and line
 * editing, by one reader thread; a question can thus give up when the run is stopped (Ctrl-C)
 * without leaving a read behind that would take the next answer.
 */
final class OperatorTerminal implements AutoCloseable {

  static final Path DEVICE = Path.of("/dev/tty");

  private final Terminal terminal;
  private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
  private volatile Thread reader;

  private OperatorTerminal(Terminal terminal) {
    this.terminal = terminal;
  }

  /**
   * The controlling terminal, or empty when the process has none (CI, cron, {@code ssh host cmd}
   * without {@code -t}, {@code setsid}).
   */
  static Optional<OperatorTerminal> open() {
    if (!Files.exists(DEVICE)) {
      return Optional.empty();
    }
    try (FileInputStream probe = new FileInputStream(DEVICE.toFile())) {
      // Opening fails (ENXIO) without a controlling terminal: then there is none to ask on.
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      TerminalProvider exec = TerminalProvider.load("exec");
      ExecPty pty = new ExecPty(exec, null, DEVICE.toString()) {};
      String type = System.getenv("TERM");
      Terminal terminal =
          new PosixSysTerminal(
              "rollrun",
              type == null || type.isBlank() ? "dumb" : type,
              pty,
              StandardCharsets.UTF_8,
              false,
              Terminal.SignalHandler.SIG_DFL);
      return Optional.of(new OperatorTerminal(terminal));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  Terminal jline() {
    return terminal;
  }

  /** Whether the terminal can draw more than plain lines: a known type other than {@code dumb}. */
  boolean capable() {
    String type = terminal.getType();
    return type != null && !type.startsWith("dumb");
  }

  /**
   * Asks on the terminal and waits for a line. What was typed before the question is discarded, so
   * that a key pressed earlier never answers it.
   *
   * @param cancelled polled while waiting: when true, the question is given up
   * @return the line typed, or empty at end of input (Ctrl-D) or when given up
   */
  Optional<String> ask(String question, BooleanSupplier cancelled) {
    startReader();
    lines.clear();
    terminal.writer().print(question);
    terminal.writer().flush();
    try {
      while (!cancelled.getAsBoolean()) {
        Optional<String> line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          return line;
        }
      }
      terminal.writer().println();
      terminal.writer().flush();
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private synchronized void startReader() {
    if (reader != null) {
      return;
    }
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(
                          new FileInputStream(DEVICE.toFile()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(Optional.of(line));
                }
              } catch (IOException e) {
                // the terminal went away (hung up): no more answers
              }
              lines.add(Optional.empty());
            },
            "rollrun-terminal-input");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public void close() {
    try {
      terminal.flush();
      terminal.close();
    } catch (IOException | IllegalStateException e) {
      // closed already, or gone: nothing left to restore
    }
  }
}

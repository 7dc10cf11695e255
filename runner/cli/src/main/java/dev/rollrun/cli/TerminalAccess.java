package dev.rollrun.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether rollrun runs at a terminal: the operator's terminal to ask on and draw the live view on,
 * and whether standard output goes there. {@link #NONE} for runs inside a program (tests, {@link
 * Rollrun#execute}), which never ask and never draw.
 */
interface TerminalAccess {

  /** The operator's terminal, opened on first use and kept; empty when there is none. */
  Optional<OperatorTerminal> terminal();

  /** Whether standard output is a terminal (not a pipe, a file or /dev/null). */
  boolean outputIsTerminal();

  TerminalAccess NONE =
      new TerminalAccess() {
        @Override
        public Optional<OperatorTerminal> terminal() {
          return Optional.empty();
        }

        @Override
        public boolean outputIsTerminal() {
          return false;
        }
      };

  /** The process's own terminal and standard output. */
  static TerminalAccess ofProcess() {
    return new TerminalAccess() {
      private Optional<OperatorTerminal> opened;

      @Override
      public synchronized Optional<OperatorTerminal> terminal() {
        if (opened == null) {
          // JLine closes it at exit (its own shutdown hook), giving the terminal back as it was.
          opened = OperatorTerminal.open();
        }
        return opened;
      }

      @Override
      public boolean outputIsTerminal() {
        return isTerminal(1);
      }
    };
  }

  /**
   * Whether file descriptor {@code fd} of this process is a terminal: on Linux, what {@code
   * /proc/self/fd/N} names; elsewhere, whether the JDK sees a console (standard input and output
   * both terminals).
   */
  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    if (Files.isDirectory(Path.of("/proc/self/fd"))) {
      try {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/")
            || target.startsWith("/dev/tty")
            || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }
}

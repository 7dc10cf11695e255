package dev.rollrun.core.ssh;

/**
 * Receives every line a command prints, as it arrives, without its line terminator. Called from I/O
 * threads: implementations must be quick and thread-safe, and must not block.
 */
@FunctionalInterface
public interface OutputListener {

  /** Which of the command's output streams a line came from. */
  enum Stream {
    STDOUT,
    STDERR
  }

  /** Discards all output (the {@link CommandResult} still keeps the last lines). */
  OutputListener NONE = (stream, line) -> {};

  void line(Stream stream, String line);
}

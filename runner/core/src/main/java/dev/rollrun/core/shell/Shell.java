package dev.rollrun.core.shell;

import dev.rollrun.api.Host;

/**
 * Runs commands on nodes (over SSH) and on the operator's machine. Failures to reach a host
 * (refused, unknown host key, lost connection, timeout) are thrown as {@link
 * dev.rollrun.api.RollrunException}s naming the host; a command that ran and exited non-zero is a
 * result, not an exception.
 */
public interface Shell extends AutoCloseable {

  /**
   * @param host the node, or null for the operator's machine
   * @param lines receives every output line as it arrives
   */
  ShellResult run(Host host, ShellCommand command, LineListener lines);

  /** Opens the connection to {@code host} if not open yet; returns the address connected to. */
  String connect(Host host);

  @Override
  void close();

  /** Receives output lines. */
  @FunctionalInterface
  interface LineListener {
    void line(boolean stderr, String line);

    LineListener NONE = (stderr, line) -> {};
  }
}

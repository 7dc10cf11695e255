package dev.rollrun.cli;

import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.report.EventJsonLines;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code --events} sends the JSON lines, and where the human output goes then: to standard
 * output as usual, or to standard error when the events take standard output ({@code --events -}),
 * so that a program reading standard output gets nothing but JSON lines.
 */
final class EventsOutput implements AutoCloseable {

  private final EventJsonLines lines;
  private final PrintWriter human;
  private final boolean standardOutput;

  private EventsOutput(EventJsonLines lines, PrintWriter human, boolean standardOutput) {
    this.lines = lines;
    this.human = human;
    this.standardOutput = standardOutput;
  }

  /**
   * @param target the {@code --events} value: a file, {@code -}, or null for none
   * @param out the command's standard output
   * @param err the command's standard error
   */
  static EventsOutput open(String target, PrintWriter out, PrintWriter err) {
    if (target == null) {
      return new EventsOutput(null, out, false);
    }
    if (target.isBlank()) {
      throw new UsageException("--events: name a file, or - for standard output");
    }
    if (target.equals("-")) {
      return new EventsOutput(new EventJsonLines(out, false), err, true);
    }
    Path file = Path.of(target);
    if (Files.isDirectory(file)) {
      throw new UsageException("--events " + target + ": is a directory; name a file");
    }
    try {
      OutputStream stream = Files.newOutputStream(file);
      return new EventsOutput(new EventJsonLines(stream, true), out, false);
    } catch (IOException e) {
      throw new UsageException("--events " + target + ": cannot write: " + e.getMessage());
    }
  }

  Optional<RunListener> listener() {
    return Optional.ofNullable(lines);
  }

  PrintWriter humanOutput() {
    return human;
  }

  boolean takesStandardOutput() {
    return standardOutput;
  }

  @Override
  public void close() {
    if (lines != null) {
      lines.close();
    }
    human.flush();
  }
}

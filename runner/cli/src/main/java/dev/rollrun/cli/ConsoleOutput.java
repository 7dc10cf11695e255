package dev.rollrun.cli;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Where the console's lines go: plain lines, each with the time it happened, when standard output
 * is not a terminal ({@link PlainOutput}); a terminal with the live view under the lines otherwise
 * ({@link LiveOutput}).
 */
interface ConsoleOutput extends AutoCloseable {

  /** How a word is coloured on a terminal that shows colour. */
  enum Tone {
    GOOD,
    BAD,
    NOTE
  }

  /** Prints one line (empty for a blank one), which happened at {@code time}. */
  void line(Instant time, String text);

  /** {@code text} coloured by {@code tone} where colour is shown, else as it is. */
  String paint(String text, Tone tone);

  /** Shows where the run stands, on a terminal; plain output shows nothing. */
  void progress(RunProgress progress);

  /** Runs {@code prompt} with the live view put aside, so that a question reads cleanly. */
  <T> T aside(Supplier<T> prompt);

  @Override
  void close();
}

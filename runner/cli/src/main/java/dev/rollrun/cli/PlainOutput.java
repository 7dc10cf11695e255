package dev.rollrun.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Plain lines for a log, a pipe or a CI job: each begins with the local time it happened ({@code
 * 08:15:22}), no colour and no cursor movement.
 */
final class PlainOutput implements ConsoleOutput {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter out;
  private final ZoneId zone;

  PlainOutput(PrintWriter out, ZoneId zone) {
    this.out = out;
    this.zone = zone;
  }

  @Override
  public synchronized void line(Instant time, String text) {
    out.println(text.isEmpty() ? "" : TIME.format(time.atZone(zone)) + " " + text);
    out.flush();
  }

  @Override
  public String paint(String text, Tone tone) {
    return text;
  }

  @Override
  public void progress(RunProgress progress) {}

  @Override
  public <T> T aside(Supplier<T> prompt) {
    return prompt.get();
  }

  @Override
  public void close() {
    out.flush();
  }
}

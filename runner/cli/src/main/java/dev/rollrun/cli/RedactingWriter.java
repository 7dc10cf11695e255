package dev.rollrun.cli;

import dev.rollrun.core.text.Redactor;
import java.io.Writer;

/**
 * Hides known secret values in what is written through it, a line at a time: text is held until a
 * line ends (or {@link #flush()}), so that a secret split over two writes is still found.
 */
final class RedactingWriter extends Writer {

  private final Writer out;
  private final Redactor redactor;
  private final StringBuilder line = new StringBuilder();

  RedactingWriter(Writer out, Redactor redactor) {
    this.out = out;
    this.redactor = redactor;
  }

  @Override
  public synchronized void write(char[] buffer, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      line.append(buffer[i]);
      if (buffer[i] == '\n') {
        emit();
      }
    }
  }

  private void emit() {
    try {
      out.write(redactor.redact(line.toString()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    line.setLength(0);
  }

  @Override
  public synchronized void flush() throws java.io.IOException {
    if (line.length() > 0) {
      emit();
    }
    out.flush();
  }

  @Override
  public synchronized void close() throws java.io.IOException {
    flush();
  }
}

package dev.rollrun.core.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Cuts one output stream of a command into lines (UTF-8, {@code \n} or {@code \r\n}), hands each to
 * the listener as soon as it is complete and keeps the last ones. A line longer than 64 KiB is
 * handed over in pieces rather than held in memory.
 */
final class OutputLines extends OutputStream {

  private static final int MAX_LINE = 64 * 1024;

  private final OutputListener.Stream stream;
  private final OutputListener listener;
  private final int keep;
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private boolean sudoRefusal;
  private RuntimeException listenerFailure;

  OutputLines(OutputListener.Stream stream, OutputListener listener, int keep) {
    this.stream = stream;
    this.listener = listener;
    this.keep = keep;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      current.write(b);
      if (current.size() >= MAX_LINE) {
        emit();
      }
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (b[i] == '\n') {
        current.write(b, start, i - start);
        emit();
        start = i + 1;
      } else if (current.size() + (i - start) >= MAX_LINE) {
        current.write(b, start, i - start);
        emit();
        start = i;
      }
    }
    current.write(b, start, end - start);
  }

  /** Hands over a last line that had no line terminator. */
  synchronized void finish() {
    if (current.size() > 0) {
      emit();
    }
  }

  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  /** Whether sudo said, on this stream, that it would need a password. */
  synchronized boolean sawSudoRefusal() {
    return sudoRefusal;
  }

  /** The first exception the listener threw, if any (it is not called again after one). */
  synchronized RuntimeException listenerFailure() {
    return listenerFailure;
  }

  /** Throws what a listener threw, once the command is over. */
  static void rethrowListenerFailure(OutputLines out, OutputLines err) {
    RuntimeException failure =
        out.listenerFailure() != null ? out.listenerFailure() : err.listenerFailure();
    if (failure != null) {
      throw failure;
    }
  }

  private void emit() {
    String line = current.toString(StandardCharsets.UTF_8);
    current.reset();
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (keep > 0) {
      if (tail.size() == keep) {
        tail.removeFirst();
      }
      tail.addLast(line);
    }
    if (stream == OutputListener.Stream.STDERR && Commands.isSudoPasswordRefusal(line)) {
      sudoRefusal = true;
    }
    if (listenerFailure == null) {
      try {
        listener.line(stream, line);
      } catch (RuntimeException e) {
        listenerFailure = e;
      }
    }
  }
}

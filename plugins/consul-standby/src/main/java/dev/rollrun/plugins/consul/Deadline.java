package dev.rollrun.plugins.consul;

import java.time.Duration;

/** A moment to wait until, counted on the monotonic clock. */
final class Deadline {

  private final long end;
  private final Duration limit;

  private Deadline(Duration limit) {
    this.limit = limit;
    this.end = System.nanoTime() + limit.toNanos();
  }

  static Deadline in(Duration limit) {
    return new Deadline(limit);
  }

  Duration remaining() {
    return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
  }

  boolean passed() {
    return end - System.nanoTime() <= 0;
  }

  /** What the deadline was given, e.g. for {@code after 1m}. */
  Duration limit() {
    return limit;
  }

  /** Sleeps {@code step}, or less when the deadline comes first. */
  void sleep(Duration step) throws InterruptedException {
    Duration left = remaining();
    Thread.sleep(Math.max(1, Math.min(step.toMillis(), left.toMillis())));
  }

  /** {@code 1m}, {@code 30s}, {@code 500ms}: as playbooks write durations. */
  static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}

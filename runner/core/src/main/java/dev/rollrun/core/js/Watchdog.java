package dev.rollrun.core.js;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;

/**
 * Cancels a script call that runs past its limit: closes its context from another thread, which
 * stops a runaway loop wherever it is (the call then ends with a cancelled {@code
 * PolyglotException}).
 */
final class Watchdog implements AutoCloseable {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rollrun-js-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final AtomicBoolean fired = new AtomicBoolean();
  private volatile ScheduledFuture<?> pending;

  private Watchdog() {}

  static Watchdog start(Context context, Duration limit) {
    Watchdog watchdog = new Watchdog();
    watchdog.pending =
        TIMER.schedule(
            () -> {
              watchdog.fired.set(true);
              try {
                context.close(true);
              } catch (RuntimeException e) {
                // already closed
              }
            },
            Math.max(1, limit.toMillis()),
            TimeUnit.MILLISECONDS);
    return watchdog;
  }

  /** Whether the limit passed and the context was closed. */
  boolean fired() {
    return fired.get();
  }

  @Override
  public void close() {
    pending.cancel(false);
  }
}

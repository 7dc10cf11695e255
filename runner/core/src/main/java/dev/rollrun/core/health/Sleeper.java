package dev.rollrun.core.health;

import java.time.Duration;

/** Waits; injected so that gate logic is tested in milliseconds with a fake clock. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(d.toMillis());
}

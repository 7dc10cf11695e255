package dev.rollrun.plugins.elasticsearch;

import java.time.Duration;

/** How the behaviour waits between polls: {@link Thread#sleep} in a roll, instantly in tests. */
@FunctionalInterface
interface Pause {

  Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}

package dev.rollrun.tests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fleets of the sizes rollrun's tests use start quickly, side by side. */
class SshdFleetScaleTest {

  @Test
  void sixAndFiftyHostsStartSideBySide() {
    try (SshdFleet six = timedStart(6)) {
      SshdFleet fifty = timedStart(50);
      try {
        assertNotEquals(six.network(), fifty.network(), "each fleet has its own range");
        assertEquals("h6", six.run(6, "echo $HOST_ID"));
        assertEquals("h1", fifty.run(1, "echo $HOST_ID"));
        assertEquals("h50", fifty.run(50, "echo $HOST_ID"));

        long started = System.nanoTime();
        fifty.startAllServices();
        System.out.printf("[fleet] 50 demo services started in %d ms%n", millisSince(started));
        for (int i = 1; i <= 50; i++) {
          assertTrue(fifty.serviceRunning(i), "h" + i);
        }
        assertEquals(50, fifty.events().size());

      } finally {
        long closing = System.nanoTime();
        fifty.close();
        System.out.printf("[fleet] 50 hosts closed in %d ms%n", millisSince(closing));
      }
      assertEquals("h6", six.run(6, "echo $HOST_ID"), "closing one fleet leaves the other");
    }
  }

  private static SshdFleet timedStart(int hosts) {
    SshdFleet fleet = SshdFleet.start(hosts);
    Duration took = fleet.startupTime();
    System.out.printf(
        "[fleet] %d hosts on %s up in %d ms%n", hosts, fleet.network(), took.toMillis());
    return fleet;
  }

  private static long millisSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
  }
}

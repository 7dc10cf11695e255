package dev.rollrun.tests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Fleets of the sizes rollrun's tests use start side by side and close alone. */
class SshdFleetScaleTest {

  @Test
  void sixAndFiftyHostsStartSideBySide() {
    try (SshdFleet six = SshdFleet.start(6)) {
      SshdFleet fifty = SshdFleet.start(50);
      try {
        assertNotEquals(six.network(), fifty.network(), "each fleet has its own range");
        assertEquals("h6", six.run(6, "echo $HOST_ID"));
        assertEquals("h1", fifty.run(1, "echo $HOST_ID"));
        assertEquals("h50", fifty.run(50, "echo $HOST_ID"));

        fifty.startAllServices();
        for (int i = 1; i <= 50; i++) {
          assertTrue(fifty.serviceRunning(i), "h" + i);
        }
        assertEquals(50, fifty.events().size());

      } finally {
        fifty.close();
      }
      assertEquals("h6", six.run(6, "echo $HOST_ID"), "closing one fleet leaves the other");
    }
  }
}

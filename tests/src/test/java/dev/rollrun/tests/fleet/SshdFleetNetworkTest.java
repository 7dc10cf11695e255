package dev.rollrun.tests.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a fleet picks its loopback range. */
class SshdFleetNetworkTest {

  @TempDir Path locks;

  @Test
  void aBaseIsWrittenAsAThreeOctetPrefixOrAsTheRange() {
    assertArrayEquals(new int[] {0, 9}, FleetNetwork.parse("127.0.9"));
    assertArrayEquals(new int[] {0, 9}, FleetNetwork.parse("127.0.9.0"));
    assertArrayEquals(new int[] {200, 17}, FleetNetwork.parse("127.200.17.0/24"));
    for (String bad : new String[] {"10.0.0", "127.0.9.1", "127.0.256", "127.0.9.0/16", "x"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FleetNetwork.parse(bad), bad);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void aRangeWhereSomethingListensIsSkipped() throws IOException {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getByName("127.211.40.77"), 0));
      assertTrue(FleetNetwork.inUse(211, 40));
      try (FleetNetwork network = FleetNetwork.acquire("127.211.40", locks)) {
        assertEquals("127.211.41.0/24", network.cidr());
      }
    }
    assertFalse(FleetNetwork.inUse(211, 40));
  }

  @Test
  void aRangeIsHeldUntilReleased() {
    try (FleetNetwork first = FleetNetwork.acquire("127.212.7", locks);
        FleetNetwork second = FleetNetwork.acquire("127.212.7", locks)) {
      assertEquals("127.212.7.0/24", first.cidr());
      assertNotEquals(first.cidr(), second.cidr());
      assertEquals("127.212.7.3", first.address(3));
    }
    try (FleetNetwork again = FleetNetwork.acquire("127.212.7", locks)) {
      assertEquals("127.212.7.0/24", again.cidr());
    }
  }
}

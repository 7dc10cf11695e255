package dev.rollrun.core.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoFleetTest {

  @Test
  void plannedFleetIsTheSameOnEveryCallEachNodeOnItsOwnAddress() {
    Inventory first = DemoFleet.plannedInventory(3);
    assertEquals(first, DemoFleet.plannedInventory(3));
    assertEquals(
        List.of("127.0.77.1:2222", "127.0.77.2:2222", "127.0.77.3:2222"),
        first.hosts().stream().map(Host::endpoint).toList());
    assertEquals(8080, first.hosts().get(0).vars().get("service_port"));
    assertEquals("demo", first.hosts().get(0).user());
    assertEquals(List.of("primary"), first.hosts().get(2).roles());
  }

  @Test
  void startedFleetIsWhereThePlanSaysUnlessThoseAddressesAreTaken() throws IOException {
    try (DemoFleet fleet = DemoFleet.start(2)) {
      List<Host> planned = DemoFleet.plannedInventory(2).hosts();
      List<Host> started = fleet.inventory().hosts();
      for (int i = 0; i < 2; i++) {
        Host p = planned.get(i);
        Host s = started.get(i);
        assertEquals(
            List.of(p.name(), p.user(), p.roles(), p.rack()),
            List.of(s.name(), s.user(), s.roles(), s.rack()));
        if (s.address().startsWith("127.0.77.")) {
          assertEquals(p.endpoint(), s.endpoint());
          assertEquals(p.vars(), s.vars());
        }
        assertAnswers(s);
      }
    }
  }

  @Test
  void secondFleetAtTheSameTimeMovesToOtherAddresses() throws IOException {
    try (DemoFleet one = DemoFleet.start(2);
        DemoFleet two = DemoFleet.start(2)) {
      Set<String> endpoints = new HashSet<>();
      for (DemoFleet fleet : List.of(one, two)) {
        for (Host host : fleet.inventory().hosts()) {
          assertTrue(endpoints.add(host.endpoint()), "no two nodes share " + host.endpoint());
          assertAnswers(host);
        }
      }
    }
  }

  @Test
  void demoReferenceOutsideOneToTwentyIsRefusedSayingWhatIsExpected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DemoFleet.nodes("demo:21"));
    assertEquals("\"demo:21\": the demo fleet is demo:N with N from 1 to 20", e.getMessage());
    assertEquals(5, DemoFleet.nodes(" demo:5 "));
  }

  /** Its SSH server greets, and its service answers. */
  private static void assertAnswers(Host host) throws IOException {
    assertTrue(firstBytes(host.address(), host.port()).startsWith("SSH-2.0"), host.endpoint());
    int service = (Integer) host.vars().get("service_port");
    assertEquals("ok", firstBytes(host.address(), service).strip(), host.name() + " service");
  }

  private static String firstBytes(String address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      socket.setSoTimeout(5000);
      // The SSH banner is longer; the service says "ok" and closes.
      return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
    }
  }
}

package dev.rollrun.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InventoryChecksTest {

  private static Host host(String name, String address, int port) {
    return new Host(name, address, port, null, null, List.of(), null, null, Map.of());
  }

  private static List<String> messages(HostRoutes routes, Host... hosts) {
    Inventory inventory = new Inventory("inventory.yml", List.of(hosts), Map.of());
    return new InventoryChecks(Path.of("/home/op"), routes)
        .check(inventory).stream().map(ConfigProblem::message).toList();
  }

  @Test
  void twoNamesForOneAddressAndPortAreOneMachine() {
    assertEquals(
        List.of(
            "duplicate host: \"web-2\" connects to 10.0.0.5:22 like \"web-1\" (line 1); list each machine"
                + " once, or one would be restarted twice"),
        messages(
            HostRoutes.AS_WRITTEN, host("web-1", "10.0.0.5", 0), host("web-2", "10.0.0.5", 22)));
  }

  @Test
  void aliasesAreComparedByWhereTheirRoutesLead() {
    HostRoutes ssh =
        h ->
            Optional.of(
                new HostRoutes.Route(
                    h.address().startsWith("db") ? "10.0.0.9:22" : h.address() + ":22",
                    "ssh_config"));
    assertEquals(
        List.of(
            "duplicate host: \"db-b\" connects to 10.0.0.9:22 (as ssh_config resolves it) like"
                + " \"db-a\" (line 1); list each machine once, or one would be restarted twice"),
        messages(
            ssh, host("db-a", "db-primary", 0), host("db-b", "db-old", 0), host("web", "web", 0)));
  }

  @Test
  void hostWithoutARouteIsComparedAsWritten() {
    HostRoutes none = h -> Optional.empty();
    assertEquals(1, messages(none, host("a", "10.0.0.1", 0), host("b", "10.0.0.1", 0)).size());
    assertEquals(List.of(), messages(none, host("a", "10.0.0.1", 0), host("b", "10.0.0.2", 0)));
  }
}

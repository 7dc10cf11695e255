package dev.rollrun.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.SourcePosition;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

  private static List<String> check(Host... hosts) {
    Map<String, SourcePosition> positions = new LinkedHashMap<>();
    for (int i = 0; i < hosts.length; i++) {
      positions.put(hosts[i].name(), new SourcePosition("inv.yml", i + 2, 3));
    }
    return new InventoryChecks(Path.of("/home/op"), HostRoutes.AS_WRITTEN)
        .check(new Inventory("inv.yml", List.of(hosts), positions)).stream()
            .map(ConfigProblem::toString)
            .toList();
  }

  private static Host host(String name, String address) {
    return host(name, address, 22);
  }

  @Test
  void hostNameWithASpaceIsRefused() {
    assertEquals(
        List.of(
            "inv.yml:2:3: host name \"web 1\" holds a space (character 4); a host name is one word"
                + " (web-1), as --limit and templates name it"),
        check(host("web 1", "10.0.0.1")));
  }

  @Test
  void addressOfSpacesOrWithAControlCharacterIsRefused() {
    assertEquals(
        List.of(
            "inv.yml:2:3: address \"   \" of host \"web-1\" is only spaces; write a DNS name, an IP"
                + " address or an ~/.ssh/config alias",
            "inv.yml:3:3: address \"10.0.0.2\u0000\" of host \"web-2\" holds the control character"
                + " \\u0000 (character 9); write a DNS name, an IP address or an ~/.ssh/config"
                + " alias"),
        check(host("web-1", "   "), host("web-2", "10.0.0.2\0")));
  }

  @Test
  void ordinaryNamesAndAddressesPass() {
    assertEquals(
        List.of(),
        check(
            host("web-1.shop.internal", "10.0.0.1"),
            host("db_2", "2001:db8::1"),
            host("名前", "ex-alias")));
  }

  @Test
  void identityThatIsADeviceIsSaidToBeOneNotUnreadable() {
    Host host =
        new Host("web-1", "10.0.0.1", 22, null, "/dev/zero", List.of(), null, null, Map.of());
    assertEquals(
        List.of(
            "inv.yml:2:3: identity file \"/dev/zero\" of host \"web-1\" is not a regular file (a"
                + " device, a FIFO or a socket); name a private key file"),
        check(host));
  }
}

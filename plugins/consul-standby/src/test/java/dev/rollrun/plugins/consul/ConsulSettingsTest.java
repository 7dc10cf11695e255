package dev.rollrun.plugins.consul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.api.TaskArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsulSettingsTest {

  @TempDir Path dir;

  private static Host host(Map<String, Object> vars) {
    return new Host("web-1", "10.0.0.1", 22, null, null, List.of(), null, null, vars);
  }

  @Test
  void addressAndDatacenterComeFromTheSettingsElseTheInventory() {
    TaskArgs minimal =
        new TaskArgs(
            Map.of(
                "environment",
                "production",
                "service",
                "web",
                "local",
                Map.of("services", List.of("apache2"))));
    ConsulSettings fromInventory =
        ConsulSettings.of(
            minimal,
            host(Map.of("consul_address", "http://consul:8500/", "consul_datacenter", "dc2")));
    assertEquals("http://consul:8500", fromInventory.address());
    assertEquals("dc2", fromInventory.datacenter());
    assertEquals(Map.of("apache2", "service apache2 status"), fromInventory.localServices());
    assertEquals("cluster/production/web", fromInventory.clusterKey());
    assertEquals(
        "service/web/node1/promote", fromInventory.flagKey("node1", RoleFlag.Kind.PROMOTE));
    assertEquals(Duration.ofMinutes(1), fromInventory.ackTimeout());

    ConsulSettings defaults = ConsulSettings.of(minimal, host(Map.of()));
    assertEquals(ConsulSettings.DEFAULT_ADDRESS, defaults.address());
    assertNull(defaults.datacenter());
  }

  @Test
  void theTokenComesFromTheNamedVariableOrFileAndNeverShowsItself() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "s3cret\n");
    assertEquals("s3cret", ConsulToken.of(null, file.toString(), n -> null).value());
    ConsulToken fromEnv =
        ConsulToken.of("MY_TOKEN", null, n -> n.equals("MY_TOKEN") ? "abc" : null);
    assertEquals("abc", fromEnv.value());
    assertEquals("the environment variable MY_TOKEN", fromEnv.toString());
    assertEquals(
        "xyz",
        ConsulToken.of(null, null, n -> n.equals("CONSUL_HTTP_TOKEN") ? "xyz" : null).value());
    assertNull(ConsulToken.of(null, null, n -> null).value());
    ConsulException unset =
        assertThrows(ConsulException.class, () -> ConsulToken.of("NOPE", null, n -> null).value());
    assertTrue(unset.getMessage().contains("NOPE, which is not set"), unset.getMessage());
  }

  @Test
  void rolesOrderStandbysFirstAndTheActiveLast() {
    Host a = new Host("a", "a", 0, null, null, List.of("app", "active"), null, null, Map.of());
    Host s1 = new Host("s1", "s1", 0, null, null, List.of("app", "standby"), null, null, Map.of());
    Host s2 = new Host("s2", "s2", 0, null, null, List.of("standby"), null, null, Map.of());
    assertEquals(List.of(s1, s2, a), RoleOrder.standbysFirst(List.of(a, s1, s2)));
  }
}

package dev.rollrun.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.problem.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --limit} patterns that would never end are refused in words. */
class HostPatternsTest {

  private static Inventory inventory(String... names) {
    List<Host> hosts =
        List.of(names).stream()
            .map(n -> new Host(n, "10.0.0.1", 22, "u", null, List.of("app"), null, null, Map.of()))
            .toList();
    Map<String, SourcePosition> positions = new LinkedHashMap<>();
    hosts.forEach(h -> positions.put(h.name(), SourcePosition.startOf("inventory.yml")));
    return new Inventory("inventory.yml", hosts, positions);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // without the step budget: billions of steps
  void aRegularExpressionThatBacktracksWithoutEndIsRefusedNotLeftToHang() {
    String name = "a".repeat(40) + "!";
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> HostPatterns.select(inventory("web-1", name), List.of("~(.*a){20}b")));
    assertEquals(
        "--limit: \"~(.*a){20}b\" takes too long to match \""
            + name
            + "\" (over 1000000 steps of the regular expression): write a simpler pattern",
        e.getMessage());
  }

  @Test
  void aRegularExpressionWithinItsBudgetSelectsAsAnsibleDoes() {
    List<String> selected =
        HostPatterns.select(inventory("web-1", "web-2", "web-10", "db-1"), List.of("~web-[12]"))
            .stream()
            .map(Host::name)
            .toList();
    assertEquals(
        List.of("web-1", "web-2", "web-10"), selected, "~ matches at the start, as re.match");
  }
}

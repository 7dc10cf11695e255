package dev.rollrun.core.validate;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.ConfigProblem;
import dev.rollrun.core.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an inventory schema cannot check: two host names that reach the same address and port
 * (rolling both would take one machine down twice, or two "different" nodes at once) and identity
 * files that cannot be read.
 */
public final class InventoryChecks {

  private final Path home;

  public InventoryChecks(Path home) {
    this.home = home;
  }

  public List<ConfigProblem> check(Inventory inventory) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, String> byEndpoint = new HashMap<>();
    for (Host host : inventory.hosts()) {
      String endpoint = host.address() + ":" + (host.port() > 0 ? host.port() : 22);
      String first = byEndpoint.putIfAbsent(endpoint, host.name());
      if (first != null) {
        problems.add(
            new ConfigProblem(
                inventory.positionOf(host.name()),
                "duplicate host: \""
                    + host.name()
                    + "\" and \""
                    + first
                    + "\" both connect to "
                    + endpoint));
      }
      if (host.identity() != null) {
        Path key = resolveIdentity(host.identity());
        if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
          problems.add(
              new ConfigProblem(
                  inventory.positionOf(host.name()),
                  "identity file of host \""
                      + host.name()
                      + "\" cannot be read: "
                      + host.identity()
                      + (Files.exists(key) ? " (permission denied)" : " (no such file)")));
        }
      }
    }
    return problems;
  }

  /** {@code ~/x} is under the home directory; other paths are as the inventory says. */
  public Path resolveIdentity(String identity) {
    if (identity.equals("~")) {
      return home;
    }
    if (identity.startsWith("~/")) {
      return home.resolve(identity.substring(2));
    }
    return Path.of(identity);
  }
}

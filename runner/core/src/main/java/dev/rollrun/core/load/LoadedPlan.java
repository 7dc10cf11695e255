package dev.rollrun.core.load;

import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.demo.DemoFleet;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.plan.RolloutPlan;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A playbook, the inventory it rolls and the plan made from them; with the embedded demo fleet when
 * the playbook asked for one ({@code inventory: demo:N}), which closing stops.
 */
public record LoadedPlan(Playbook playbook, Inventory inventory, RolloutPlan plan, DemoFleet demo)
    implements AutoCloseable {

  /** A known_hosts file to trust besides the operator's: the demo fleet's, if any. */
  public Optional<Path> extraKnownHosts() {
    return demo == null ? Optional.empty() : Optional.of(demo.knownHosts());
  }

  @Override
  public void close() {
    if (demo != null) {
      demo.close();
    }
  }
}

package dev.rollrun.core.load;

import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.plan.PlanRequest;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.text.Redactor;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A playbook, the inventory it rolls and the plan made from them, with what the inventory's source
 * holds open (an embedded demo fleet), which closing releases.
 *
 * @param redactor hides the secret values the plan's commands may carry: every value of the {@code
 *     -e @secrets.yml} files and of the environment variables templates read; whatever prints
 *     command output, messages or events passes them through it
 * @param inventoryFile the inventory file read (absolute), or null when an inventory source made
 *     the inventory ({@code demo:N})
 * @param request what the plan was made from: {@link ClusterDiscovery} plans again from it with
 *     what the cluster says
 */
public record LoadedPlan(
    Playbook playbook,
    Inventory inventory,
    RolloutPlan plan,
    Redactor redactor,
    OpenedInventory opened,
    Path inventoryFile,
    PlanRequest request)
    implements AutoCloseable {

  /** A known_hosts file to trust besides the operator's: the demo fleet's, if any. */
  public Optional<Path> extraKnownHosts() {
    return opened.knownHosts();
  }

  /** This loaded plan running {@code other}, a plan of the same request in the cluster's order. */
  public LoadedPlan withPlan(RolloutPlan other) {
    return new LoadedPlan(playbook, inventory, other, redactor, opened, inventoryFile, request);
  }

  @Override
  public void close() {
    opened.close();
  }
}

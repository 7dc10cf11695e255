package dev.rollrun.core.demo;

import dev.rollrun.core.load.InventorySource;
import dev.rollrun.core.load.OpenedInventory;

/**
 * {@code inventory: demo:N} as an inventory source. The command line registers it: started for a
 * roll or a dry run, which need the hosts to answer; planned only for {@code plan} and {@code
 * validate}, which touch no host and so start no server.
 */
public final class DemoFleetSource implements InventorySource {

  private final boolean start;

  private DemoFleetSource(boolean start) {
    this.start = start;
  }

  /** Starts the fleet; closing the opened inventory stops it. */
  public static DemoFleetSource started() {
    return new DemoFleetSource(true);
  }

  /** Gives the fleet's hosts as a plan shows them, starting nothing. */
  public static DemoFleetSource plannedOnly() {
    return new DemoFleetSource(false);
  }

  @Override
  public boolean resolves(String reference) {
    return DemoFleet.isDemo(reference);
  }

  @Override
  public OpenedInventory open(String reference) {
    int nodes = DemoFleet.nodes(reference);
    return start ? DemoFleet.start(nodes) : OpenedInventory.of(DemoFleet.plannedInventory(nodes));
  }
}

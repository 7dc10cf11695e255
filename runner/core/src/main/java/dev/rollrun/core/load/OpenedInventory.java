package dev.rollrun.core.load;

import dev.rollrun.core.inventory.Inventory;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An inventory together with what its source keeps open for it (the servers of an embedded demo
 * fleet), released by {@link #close()}.
 */
public interface OpenedInventory extends AutoCloseable {

  Inventory inventory();

  /**
   * A known_hosts file vouching for these hosts' keys, read besides the operator's: for hosts the
   * source itself made, such as the demo fleet's. Empty for ordinary inventories.
   */
  default Optional<Path> knownHosts() {
    return Optional.empty();
  }

  /** Releases what the source holds open; never fails. */
  @Override
  void close();

  /** An inventory that holds nothing open, such as one read from a file. */
  static OpenedInventory of(Inventory inventory) {
    return new OpenedInventory() {
      @Override
      public Inventory inventory() {
        return inventory;
      }

      @Override
      public void close() {}
    };
  }
}

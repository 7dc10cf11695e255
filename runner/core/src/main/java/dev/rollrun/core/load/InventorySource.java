package dev.rollrun.core.load;

/**
 * Where a playbook's {@code inventory:} comes from when it does not name a file: {@code demo:5},
 * and later a cloud API or a service registry. The command line chooses the sources a {@link
 * PlanLoader} knows; a reference no source {@linkplain #resolves resolves} is a file, relative to
 * the playbook.
 */
public interface InventorySource {

  /** True when {@code reference} (the {@code inventory:} value as written) is for this source. */
  boolean resolves(String reference);

  /**
   * The hosts {@code reference} names, and whatever must be closed after the roll.
   *
   * @throws IllegalArgumentException when the reference is malformed; its message, reported at the
   *     playbook's {@code inventory:}, says what is expected
   */
  OpenedInventory open(String reference);
}

package dev.rollrun.cli;

import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import java.io.PrintWriter;

/**
 * What an inventory holds that rollrun reads but does not apply ({@code ansible_become}, ssh
 * options that change nothing): said on standard error before anything else, one line each, so that
 * nothing in an operator's inventory is dropped without a word.
 */
final class InventoryWarnings {

  private InventoryWarnings() {}

  static void print(PrintWriter err, Inventory inventory) {
    for (ConfigProblem warning : inventory.warnings()) {
      err.println("rollrun: warning: " + warning);
    }
    err.flush();
  }
}

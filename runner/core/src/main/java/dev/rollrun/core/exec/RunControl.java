package dev.rollrun.core.exec;

import java.util.List;

/** What the operator can do to a running roll. */
public interface RunControl {

  /** True after Ctrl-C: the roll stops after the current step. */
  boolean stopRequested();

  /**
   * Why {@link #stopRequested()} became true, as the run's summary says it: {@code "stopped by
   * Ctrl-C"} unless something else than the operator ended the run.
   */
  default String stopReason() {
    return "stopped by Ctrl-C";
  }

  /**
   * Asked before each batch is rolled (with {@code --paranoid}, the operator answers); false stops
   * the roll there, before any node of the batch is touched.
   *
   * @param number the batch's number, 1 for the first
   * @param of how many batches the plan has
   * @param hosts the batch's nodes, in roll order
   */
  boolean startBatch(int number, int of, List<String> hosts);

  /** Never stops, never asks. */
  RunControl UNATTENDED =
      new RunControl() {
        @Override
        public boolean stopRequested() {
          return false;
        }

        @Override
        public boolean startBatch(int number, int of, List<String> hosts) {
          return true;
        }
      };
}

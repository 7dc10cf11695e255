package dev.rollrun.core.exec;

import java.util.List;

/** What the operator can do to a running roll. */
public interface RunControl {

  /** True after Ctrl-C: the roll stops after the current step. */
  boolean stopRequested();

  /** With {@code --paranoid}: asked after every batch; false stops the roll there. */
  boolean continueAfter(List<String> hosts);

  /** Never stops, never asks. */
  RunControl UNATTENDED =
      new RunControl() {
        @Override
        public boolean stopRequested() {
          return false;
        }

        @Override
        public boolean continueAfter(List<String> hosts) {
          return true;
        }
      };
}

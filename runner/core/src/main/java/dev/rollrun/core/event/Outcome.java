package dev.rollrun.core.event;

/** How a run ended. Only {@link #DONE} means every node of the run is done. */
public enum Outcome {
  /** Every node done (or skipped on request), post-cluster steps run. */
  DONE("done"),
  /** A node, a step, a connection or a health gate failed. */
  FAILED("failed"),
  /** A defect in rollrun stopped the run. */
  INTERNAL_ERROR("internal error"),
  /** Ctrl-C. */
  INTERRUPTED("interrupted"),
  /** With {@code --paranoid}, the operator chose to stop. */
  STOPPED_BY_OPERATOR("stopped by the operator");

  private final String words;

  Outcome(String words) {
    this.words = words;
  }

  @Override
  public String toString() {
    return words;
  }
}

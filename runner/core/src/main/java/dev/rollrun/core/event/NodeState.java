package dev.rollrun.core.event;

/**
 * Where one node is in its roll. A node moves forward only:
 *
 * <pre>
 * PENDING -> STOPPING -> STOPPED -> STARTING -> AWAITING_HEALTH -> DONE
 *     \          \           \          \              \
 *      SKIPPED    FAILED      FAILED     FAILED         FAILED
 * </pre>
 *
 * STOPPING covers pre-stop and stop; STOPPED covers post-stop, script and pre-start (the service is
 * down); STARTING covers start and post-start. SKIPPED is a node never touched (--skip, or a roll
 * that stopped before reaching it).
 */
public enum NodeState {
  PENDING("pending"),
  STOPPING("stopping"),
  STOPPED("stopped"),
  STARTING("starting"),
  AWAITING_HEALTH("awaiting health"),
  DONE("done"),
  FAILED("failed"),
  SKIPPED("skipped");

  private final String words;

  NodeState(String words) {
    this.words = words;
  }

  /** True once the node will not change any more in this run. */
  public boolean isFinal() {
    return this == DONE || this == FAILED || this == SKIPPED;
  }

  /** True when the node's service may be down because of this run. */
  public boolean mayBeDown() {
    return this == STOPPING || this == STOPPED || this == STARTING || this == FAILED;
  }

  @Override
  public String toString() {
    return words;
  }
}

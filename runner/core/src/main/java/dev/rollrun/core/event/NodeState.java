package dev.rollrun.core.event;

/**
 * Where one node is in its roll. A node only moves forward:
 *
 * <pre>
 * PENDING -> STOPPING -> STOPPED -> STARTING -> AWAITING_HEALTH -> DONE
 *               |           |           |              |
 *               +-----------+-----------+--------------+--> FAILED
 * SKIPPED (never touched, on request: --skip)
 * </pre>
 *
 * <ul>
 *   <li>PENDING: nothing has run on it. A roll that ends early leaves its untouched nodes PENDING,
 *       so that a later run can continue with them.
 *   <li>STOPPING: its pre-stop steps or its stop command are running; the service is still up until
 *       the stop command has run.
 *   <li>STOPPED: the stop command succeeded; post-stop, script and pre-start steps run; the service
 *       is down.
 *   <li>STARTING: the start command or the post-start steps are running.
 *   <li>AWAITING_HEALTH: every step ran; the batch's health gate has not passed yet.
 *   <li>DONE: its gate passed. FAILED: one of its steps, or its gate, failed.
 * </ul>
 *
 * Together with its step cursor (the index of its next step) the state says exactly where a node
 * is; see {@code NodeProgress}.
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

  /** True while the node is part way through its lifecycle. */
  public boolean inFlight() {
    return this == STOPPING || this == STOPPED || this == STARTING || this == AWAITING_HEALTH;
  }

  /** True when the node's service may be down because of this run. */
  public boolean mayBeDown() {
    return this == STOPPING || this == STOPPED || this == STARTING || this == FAILED;
  }

  /** The name used in output and in the event stream: {@code awaiting health}. */
  @Override
  public String toString() {
    return words;
  }
}

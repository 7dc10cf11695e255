package dev.rollrun.api;

/**
 * The lifecycle phases of a roll, in the order they happen. {@link #PRE_CLUSTER} and {@link
 * #POST_CLUSTER} run once; the others run for every node, and the node's health gate after them
 * must pass before the next batch may start. {@link #ON_FAILURE} runs once, instead of {@link
 * #POST_CLUSTER}, when a run fails or is interrupted.
 */
public enum Phase {
  PRE_CLUSTER("pre-cluster"),
  PRE_STOP("pre-stop"),
  STOP("stop"),
  POST_STOP("post-stop"),
  SCRIPT("script"),
  PRE_START("pre-start"),
  START("start"),
  POST_START("post-start"),
  POST_CLUSTER("post-cluster"),
  ON_FAILURE("on-failure");

  private final String key;

  Phase(String key) {
    this.key = key;
  }

  /** The name used in playbooks and output, e.g. {@code pre-stop}. */
  public String key() {
    return key;
  }

  /** True for the phases that run once for the whole cluster rather than per node. */
  public boolean isClusterWide() {
    return this == PRE_CLUSTER || this == POST_CLUSTER || this == ON_FAILURE;
  }

  @Override
  public String toString() {
    return key;
  }
}

package dev.rollrun.core.plan;

import dev.rollrun.api.Phase;
import java.util.List;

/**
 * The phases of one node, in the order they run: {@code pre-stop}, {@code stop}, {@code post-stop},
 * {@code script}, {@code pre-start}, {@code start}, {@code post-start}; the node's health gate
 * follows. {@code stop} and {@code start} are the service's own commands; every other phase holds
 * the playbook's steps for it.
 */
public final class NodeLifecycle {

  /** The node phases in order. */
  public static final List<Phase> PHASES =
      List.of(
          Phase.PRE_STOP,
          Phase.STOP,
          Phase.POST_STOP,
          Phase.SCRIPT,
          Phase.PRE_START,
          Phase.START,
          Phase.POST_START);

  private NodeLifecycle() {}

  /** True for {@code stop} and {@code start}, which run the service's command. */
  public static boolean isServiceCommand(Phase phase) {
    return phase == Phase.STOP || phase == Phase.START;
  }
}

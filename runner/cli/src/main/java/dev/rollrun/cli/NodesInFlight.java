package dev.rollrun.cli;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Follows the run's events to say, at any moment, which nodes are part way and where: {@code web-3
 * stopped (next: post-stop[0])}. For the message of a second Ctrl-C, which ends the process at
 * once.
 */
final class NodesInFlight implements RunListener {

  private final Map<String, String> nodes = new LinkedHashMap<>();

  @Override
  public synchronized void on(EventEnvelope envelope) {
    if (envelope.event() instanceof RunEvent.NodeStateChanged changed) {
      if (changed.to().inFlight() || changed.to() == NodeState.FAILED) {
        nodes.put(
            changed.host(),
            changed.to()
                + (changed.nextStep() == null ? "" : " (next: " + changed.nextStep() + ")"));
      } else {
        nodes.remove(changed.host());
      }
    }
  }

  /** {@code web-3 stopped (next: start), web-4 stopping (next: stop)}, or empty. */
  synchronized String describe() {
    return nodes.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}

package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import java.util.List;

/** What happens to one node: its steps from pre-stop to post-start, then its health gate. */
public record NodePlan(Host host, List<PlannedStep> steps, PlannedGate health) {

  public NodePlan {
    steps = List.copyOf(steps);
  }
}

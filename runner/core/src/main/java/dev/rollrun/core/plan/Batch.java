package dev.rollrun.core.plan;

import java.util.List;

/** Nodes rolled together; the next batch starts only after all of these passed their gate. */
public record Batch(int number, List<NodePlan> nodes) {

  public Batch {
    nodes = List.copyOf(nodes);
  }
}

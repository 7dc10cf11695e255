package dev.rollrun.core.event;

import java.util.ArrayList;
import java.util.List;

/**
 * What one condition of a gate was seen to be in one check: its value on a node, or, for a
 * condition checked once for the cluster, the aggregate and each node's value. A node that could
 * not answer, or whose value does not exist yet, has no value but the reason ({@link
 * NodeValue#missing()}): it is never shown, or counted, as 0.
 *
 * @param condition the condition's {@code name:}, else a short description
 * @param host the node, or null for a cluster condition
 * @param holds whether the condition held
 * @param aggregate for a cluster condition, its aggregate ({@code sum}, {@code all}, ...), else
 *     null
 * @param value the value seen (the aggregate's result for a cluster condition), or null when there
 *     is none
 * @param problem why it did not hold, or null
 * @param nodes for a cluster condition, each node's value in node order; else empty
 * @param output for a command condition that did not hold, the last lines it printed
 */
public record Observation(
    String condition,
    String host,
    boolean holds,
    String aggregate,
    String value,
    String problem,
    List<NodeValue> nodes,
    List<String> output) {

  /**
   * One node's value within a cluster condition.
   *
   * @param value the value, or null when there is none
   * @param missing why there is no value (unreachable, no such MBean yet), or null
   */
  public record NodeValue(String host, String value, String missing) {

    /** {@code kafka-1=0}, {@code kafka-2=unreachable (connection refused)}. */
    public String summary() {
      return host + "=" + (value != null ? value : missing == null ? "none" : missing);
    }
  }

  public Observation {
    nodes = List.copyOf(nodes);
    output = List.copyOf(output);
  }

  /**
   * One line: {@code URP sum=12 (kafka-1=0, kafka-2=12, kafka-3=0)} for a cluster condition, {@code
   * es-1: $.status=yellow} for a node's.
   */
  public String summary() {
    StringBuilder text = new StringBuilder();
    if (host != null) {
      text.append(host).append(": ");
    }
    text.append(condition);
    if (aggregate != null) {
      text.append(' ').append(aggregate);
    }
    if (value != null) {
      text.append('=').append(value);
    } else if (problem != null && nodes.isEmpty()) {
      text.append(": ").append(problem);
    }
    if (!nodes.isEmpty()) {
      List<String> each = new ArrayList<>();
      nodes.forEach(n -> each.add(n.summary()));
      text.append(" (").append(String.join(", ", each)).append(')');
    }
    return text.toString();
  }
}

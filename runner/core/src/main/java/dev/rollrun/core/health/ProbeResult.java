package dev.rollrun.core.health;

import java.util.List;

/**
 * What one probe of one condition on one node found.
 *
 * @param holds whether the condition held
 * @param value the value seen (a Number, String, Boolean, or a map of ObjectName to value for a JMX
 *     pattern), or null when the condition has none or it could not be read
 * @param missing why there is no value although the condition has one: the node could not be
 *     reached, the MBean or JSON field does not exist yet; null otherwise. Such a node is never
 *     counted as 0
 * @param problem why the condition did not hold, or null when it held
 * @param output the last lines a command printed, when it did not hold
 */
public record ProbeResult(
    boolean holds, Object value, String missing, String problem, List<String> output) {

  public ProbeResult {
    output = List.copyOf(output);
  }

  public static ProbeResult healthy(Object value) {
    return new ProbeResult(true, value, null, null, List.of());
  }

  public static ProbeResult unhealthy(String problem, Object value) {
    return new ProbeResult(false, value, null, problem, List.of());
  }

  /** No value: unreachable, or the metric does not exist (yet). Unhealthy, never 0. */
  public static ProbeResult missing(String why) {
    return new ProbeResult(false, null, why, why, List.of());
  }

  ProbeResult withOutput(List<String> lines) {
    return new ProbeResult(holds, value, missing, problem, lines);
  }
}

package dev.rollrun.core.health;

import dev.rollrun.core.config.Aggregate;
import dev.rollrun.core.config.Comparison;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.plan.PlannedCondition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Combines what a cluster condition found on each of its nodes into one answer: the aggregate, the
 * comparison of its result, and the observed value of every node. A node without a value (it could
 * not be reached, its metric does not exist yet) is never taken as 0: {@code sum}, {@code max},
 * {@code min} and {@code all} are then unhealthy, naming the node; for {@code any} and {@code
 * count} it is a node that does not hold.
 */
final class Aggregation {

  /** One member's answer. */
  record NodeAnswer(String host, ProbeResult result) {}

  /** The cluster condition's answer and what to show of it. */
  record Answer(ProbeResult result, Observation observation) {}

  private Aggregation() {}

  static Answer of(PlannedCondition.ClusterCheck check, List<NodeAnswer> answers) {
    List<Observation.NodeValue> nodes = new ArrayList<>();
    for (NodeAnswer a : answers) {
      ProbeResult r = a.result();
      nodes.add(
          r.value() != null && r.missing() == null
              ? new Observation.NodeValue(a.host(), format(r.value()), null)
              : new Observation.NodeValue(
                  a.host(), null, r.missing() != null ? r.missing() : r.holds() ? "ok" : "failed"));
    }
    Aggregate aggregate = check.aggregate();
    String problem = null;
    Object value = null;
    if (answers.isEmpty()) {
      problem = "no node to check across " + check.across();
    } else if (aggregate.needsNumbers()) {
      List<BigDecimal> numbers = new ArrayList<>();
      for (NodeAnswer a : answers) {
        ProbeResult r = a.result();
        if (r.value() == null || r.missing() != null) {
          problem =
              a.host()
                  + " has no value ("
                  + (r.missing() != null ? r.missing() : r.problem())
                  + "), never counted as 0";
          break;
        }
        String notNumber = collectNumbers(r.value(), numbers);
        if (notNumber != null) {
          problem =
              a.host()
                  + ": value "
                  + notNumber
                  + " is not a number, and "
                  + aggregate.key()
                  + " needs numbers";
          break;
        }
      }
      if (problem == null) {
        BigDecimal result =
            switch (aggregate) {
              case SUM -> numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
              case MAX -> numbers.stream().max(BigDecimal::compareTo).orElse(null);
              default -> numbers.stream().min(BigDecimal::compareTo).orElse(null);
            };
        if (result == null) {
          problem = "no value to " + aggregate.key();
        } else {
          value = result;
          problem = compare(check.comparisons(), result);
        }
      }
    } else {
      long holding = answers.stream().filter(a -> a.result().holds()).count();
      switch (aggregate) {
        case ALL -> {
          value = holding + " of " + answers.size();
          if (holding < answers.size()) {
            NodeAnswer first =
                answers.stream().filter(a -> !a.result().holds()).findFirst().orElseThrow();
            problem = first.host() + ": " + first.result().problem();
          }
        }
        case ANY -> {
          value = holding + " of " + answers.size();
          if (holding == 0) {
            problem =
                "no node holds; "
                    + answers.get(0).host()
                    + ": "
                    + answers.get(0).result().problem();
          }
        }
        default -> {
          value = holding;
          problem = compare(check.comparisons(), BigDecimal.valueOf(holding));
        }
      }
    }
    Observation observation =
        new Observation(
            check.label(),
            null,
            problem == null,
            aggregate.key(),
            value == null ? null : format(value),
            problem,
            nodes,
            List.of());
    ProbeResult result =
        problem == null
            ? ProbeResult.healthy(value)
            : ProbeResult.unhealthy(observation.summary() + ": " + problem, value);
    return new Answer(result, observation);
  }

  private static String compare(List<Comparison> comparisons, BigDecimal result) {
    Optional<String> problem = Comparisons.test(comparisons, result);
    return problem.orElse(null);
  }

  /** Adds the value's numbers (every value of a JMX pattern); the first non-number, or null. */
  private static String collectNumbers(Object value, List<BigDecimal> numbers) {
    if (value instanceof Map<?, ?> map) {
      for (Object each : map.values()) {
        String bad = collectNumbers(each, numbers);
        if (bad != null) {
          return bad;
        }
      }
      return null;
    }
    BigDecimal number = Comparisons.number(value);
    if (number == null) {
      return Comparisons.quoted(value);
    }
    numbers.add(number);
    return null;
  }

  /** A value as observations show it: numbers plainly, a pattern's values in brackets. */
  static String format(Object value) {
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Map<?, ?> map) {
      List<String> each = new ArrayList<>();
      map.values().forEach(v -> each.add(format(v)));
      return "[" + String.join(", ", each) + "]";
    }
    String text = Comparison.format(value);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}

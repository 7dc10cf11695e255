package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.plan.PlannedCondition;
import java.util.Optional;

/** Checks one condition once for one node. */
@FunctionalInterface
public interface ConditionProbe {

  /** Why the condition does not hold now, or empty when it does. */
  Optional<String> check(Host host, PlannedCondition condition);

  /**
   * What the condition is now, with the value seen. Probes of value-producing conditions (http,
   * jmx, command) override this; the default knows only whether it held.
   */
  default ProbeResult probe(Host host, PlannedCondition condition) {
    return check(host, condition)
        .map(problem -> ProbeResult.unhealthy(problem, null))
        .orElseGet(() -> ProbeResult.healthy(null));
  }
}

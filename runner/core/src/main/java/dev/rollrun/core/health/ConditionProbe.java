package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.plan.PlannedCondition;
import java.util.Optional;

/** Checks one condition once for one node. */
@FunctionalInterface
public interface ConditionProbe {

  /** Why the condition does not hold now, or empty when it does. */
  Optional<String> check(Host host, PlannedCondition condition);
}

package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.plan.PlannedCondition;
import java.util.Optional;

/**
 * Checks one kind of condition. One implementation per kind of {@link PlannedCondition}, chosen by
 * {@link ProbeByKind} from the condition's type.
 *
 * @param <C> the kind of condition
 */
interface TypedProbe<C extends PlannedCondition> {

  Class<C> kind();

  /**
   * Why the condition does not hold now, or empty when it does.
   *
   * @param host the node, or null for a condition checked once for the cluster
   */
  Optional<String> check(Host host, C condition);

  /** What the condition is now, with the value seen; by default only whether it held. */
  default ProbeResult probe(Host host, C condition) {
    return check(host, condition)
        .map(problem -> ProbeResult.unhealthy(problem, null))
        .orElseGet(() -> ProbeResult.healthy(null));
  }
}

package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.Shell;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks any condition with the probe of its kind. A kind without a probe fails loudly; {@code
 * ProbeByKindTest} proves every permitted kind of {@link PlannedCondition} has one.
 */
public final class ProbeByKind implements ConditionProbe {

  private final Map<Class<?>, TypedProbe<?>> byKind;

  ProbeByKind(List<TypedProbe<?>> probes) {
    Map<Class<?>, TypedProbe<?>> map = new LinkedHashMap<>();
    for (TypedProbe<?> probe : probes) {
      if (map.put(probe.kind(), probe) != null) {
        throw new IllegalArgumentException("two probes for " + probe.kind().getSimpleName());
      }
    }
    this.byKind = Collections.unmodifiableMap(map);
  }

  /**
   * The probes of rollrun's condition kinds.
   *
   * @param checkTimeout the longest one check may take (a hung check counts as unhealthy)
   */
  public static ProbeByKind standard(Shell shell, Duration checkTimeout) {
    return new ProbeByKind(
        List.of(new CommandProbe(shell, checkTimeout), new TcpProbe(shell, checkTimeout)));
  }

  Set<Class<?>> kinds() {
    return byKind.keySet();
  }

  @Override
  public Optional<String> check(Host host, PlannedCondition condition) {
    TypedProbe<?> probe = byKind.get(condition.getClass());
    if (probe == null) {
      throw new IllegalStateException(
          "no probe for the condition kind " + condition.getClass().getSimpleName());
    }
    return check(probe, host, condition);
  }

  private static <C extends PlannedCondition> Optional<String> check(
      TypedProbe<C> probe, Host host, PlannedCondition condition) {
    return probe.check(host, probe.kind().cast(condition));
  }
}

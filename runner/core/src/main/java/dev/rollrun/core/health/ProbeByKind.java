package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.PortForwarding;
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
public final class ProbeByKind implements ConditionProbe, AutoCloseable {

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
    PortForwarding forwarding = shell instanceof PortForwarding f ? f : null;
    return new ProbeByKind(
        List.of(
            new CommandProbe(shell, checkTimeout),
            new TcpProbe(shell, checkTimeout),
            new HttpProbe(forwarding),
            new JmxProbe(forwarding)));
  }

  /** The kinds of conditions checked here: each leaf kind's probe, and the kinds made of others. */
  Set<Class<?>> kinds() {
    Set<Class<?>> kinds = new java.util.LinkedHashSet<>(byKind.keySet());
    kinds.addAll(COMPOSITE);
    return kinds;
  }

  /** Conditions made of other conditions: evaluated through the probes of their parts. */
  private static final Set<Class<?>> COMPOSITE =
      Set.of(
          PlannedCondition.AllOf.class,
          PlannedCondition.AnyOf.class,
          PlannedCondition.ClusterCheck.class);

  @Override
  public Optional<String> check(Host host, PlannedCondition condition) {
    if (COMPOSITE.contains(condition.getClass())) {
      return Optional.ofNullable(probe(host, condition).problem());
    }
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

  @Override
  public ProbeResult probe(Host host, PlannedCondition condition) {
    if (COMPOSITE.contains(condition.getClass())) {
      return new GateEvaluation(this, null).evaluate(host, condition);
    }
    TypedProbe<?> probe = byKind.get(condition.getClass());
    if (probe == null) {
      throw new IllegalStateException(
          "no probe for the condition kind " + condition.getClass().getSimpleName());
    }
    return probe(probe, host, condition);
  }

  private static <C extends PlannedCondition> ProbeResult probe(
      TypedProbe<C> probe, Host host, PlannedCondition condition) {
    return probe.probe(host, probe.kind().cast(condition));
  }

  /** Closes what probes keep open (JMX connections). */
  @Override
  public void close() {
    for (TypedProbe<?> probe : byKind.values()) {
      if (probe instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing anyway
        }
      }
    }
  }
}

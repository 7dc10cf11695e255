package dev.rollrun.core.exec;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.health.GateCheck;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code rollrun PLAYBOOK} does without {@code --commit}: connects to every host (read-only:
 * no command runs on them but the health checks), checks the whole cluster's health once, and
 * reports what it found and what it could not check. Nothing is stopped, started or changed.
 */
public final class DryRun {

  static final String GATE = "cluster health (checked once)";

  private final RunContext context;

  public DryRun(RunContext context) {
    this.context = context;
  }

  /** The problems found: unreachable hosts and an unhealthy cluster; empty when ready to roll. */
  public List<String> run(RolloutPlan plan) {
    ClusterHealth cluster = new ClusterHealth(plan);
    context
        .events()
        .emit(
            new RunEvent.RunStarted(
                plan.playbookName(),
                plan.digest(),
                false,
                plan.batches().size(),
                plan.nodes().stream().map(n -> n.host().name()).toList(),
                cluster.hosts()));
    Instant began = context.clock().instant();
    List<String> problems = check(plan, cluster);
    context
        .events()
        .emit(
            new RunEvent.DryRunFinished(
                problems, Duration.between(began, context.clock().instant())));
    return problems;
  }

  private List<String> check(RolloutPlan plan, ClusterHealth cluster) {
    List<String> problems = new ArrayList<>();
    Map<String, RollrunException> failures =
        ParallelConnect.connect(
            context.shell(),
            plan.clusterHealth().stream().map(NodePlan::host).toList(),
            context.clock(),
            context.events());
    failures.values().forEach(e -> problems.add(context.redactor().redact(e.getMessage())));
    if (cluster.isEmpty()) {
      return problems;
    }
    List<HealthGateWaiter.Target> reachable =
        cluster.targets().stream().filter(t -> !failures.containsKey(t.host().name())).toList();
    List<String> unchecked = cluster.hosts().stream().filter(failures::containsKey).toList();
    List<String> checked = reachable.stream().map(t -> t.host().name()).toList();
    Instant start = context.clock().instant();
    GateCheck check =
        reachable.isEmpty() ? GateCheck.healthy(List.of()) : context.gates().checkOnce(reachable);
    Duration took = Duration.between(start, context.clock().instant());
    List<String> found = new ArrayList<>(check.problems());
    unchecked.forEach(h -> found.add(h + ": not checked (unreachable)"));
    if (found.isEmpty()) {
      context.events().emit(new RunEvent.GatePassed(GATE, checked, took, check.observations()));
    } else {
      String problem = context.redactor().redact(String.join("; ", found));
      context
          .events()
          .emit(new RunEvent.GateFailed(GATE, checked, took, problem, check.observations()));
      if (!check.problems().isEmpty()) {
        problems.add(
            "the cluster is not healthy: "
                + context.redactor().redact(String.join("; ", check.problems())));
      }
      if (!unchecked.isEmpty()) {
        problems.add(
            "health not checked on "
                + String.join(", ", unchecked)
                + " (unreachable), so the cluster's health is unknown");
      }
    }
    return problems;
  }
}

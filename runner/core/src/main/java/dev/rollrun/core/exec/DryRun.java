package dev.rollrun.core.exec;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.shell.Shell;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code rollrun PLAYBOOK} does without {@code --commit}: connects to every host (read-only:
 * no command is run on them but the health checks), evaluates the health gate once, and reports
 * what it found. Nothing is stopped, started or changed.
 */
public final class DryRun {

  private final Shell shell;
  private final HealthGateWaiter gates;
  private final Clock clock;
  private final RunListener events;

  public DryRun(Shell shell, HealthGateWaiter gates, Clock clock, RunListener events) {
    this.shell = shell;
    this.gates = gates;
    this.clock = clock;
    this.events = events;
  }

  /** The problems found: unreachable hosts and an unhealthy cluster; empty when ready to roll. */
  public List<String> run(RolloutPlan plan) {
    events.on(
        new RunEvent.RunStarted(
            plan.playbookName(), plan.digest(), plan.nodeCount(), plan.batches().size(), false));
    List<String> problems = new ArrayList<>();
    List<HealthGateWaiter.Target> reachable = new ArrayList<>();
    Map<String, RollrunException> failures =
        ParallelConnect.connect(
            shell, plan.nodes().stream().map(NodePlan::host).toList(), clock, events);
    failures.values().forEach(e -> problems.add(e.getMessage()));
    for (NodePlan node : plan.nodes()) {
      if (!failures.containsKey(node.host().name()) && node.health() != null) {
        reachable.add(new HealthGateWaiter.Target(node.host(), node.health()));
      }
    }
    if (!reachable.isEmpty()) {
      Instant start = clock.instant();
      Optional<String> problem = gates.checkOnce(reachable);
      Duration took = Duration.between(start, clock.instant());
      if (problem.isPresent()) {
        events.on(new RunEvent.GateFailed("cluster health (checked once)", took, problem.get()));
        problems.add("the cluster is not healthy: " + problem.get());
      } else {
        events.on(new RunEvent.GatePassed("cluster health (checked once)", took));
      }
    }
    return problems;
  }
}

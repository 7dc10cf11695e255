package dev.rollrun.core.exec;

import dev.rollrun.api.RollrunException;
import dev.rollrun.api.Verdict;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.health.GateCheck;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.shell.Shell;
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
    problems.addAll(safeToStop(plan));
    context
        .events()
        .emit(
            new RunEvent.DryRunFinished(
                problems, Duration.between(began, context.clock().instant())));
    return problems;
  }

  /**
   * Asks every node's safe-to-stop checks (a behaviour's predicates) and shows each verdict with
   * its reason; a node that is not safe to stop now is a reason the roll would not go through.
   */
  private List<String> safeToStop(RolloutPlan plan) {
    List<String> problems = new ArrayList<>();
    for (NodePlan node : plan.nodes()) {
      for (PlannedStep step : node.steps()) {
        if (!(step instanceof PlannedStep.SafeToStop check)) {
          continue;
        }
        String host = node.host().name();
        if (unreachable.contains(host)) {
          continue;
        }
        StepContext stepContext =
            new StepContext(
                node.host(),
                context.shell(),
                Shell.LineListener.NONE,
                context.gates(),
                context.sleeper(),
                context.control()::stopRequested,
                context.defaultStepTimeout(),
                context.redactor(),
                context.owned());
        try {
          Verdict verdict =
              SafeToStopExecutor.verdict(check, node.host(), stepContext, stepContext.lines());
          String reason = context.redactor().redact(verdict.reason());
          context
              .events()
              .emit(new RunEvent.StopVerdict(host, check.name(), verdict.safe(), reason));
          if (!verdict.safe()) {
            problems.add(host + ": not safe to stop (" + check.name() + "): " + reason);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          problems.add(host + ": safe-to-stop check " + check.name() + " was interrupted");
          return problems;
        } catch (RuntimeException e) {
          String reason = context.redactor().redact(String.valueOf(e.getMessage()));
          context.events().emit(new RunEvent.StopVerdict(host, check.name(), false, reason));
          problems.add(host + ": safe-to-stop check " + check.name() + " failed: " + reason);
        }
      }
    }
    return problems;
  }

  private final java.util.Set<String> unreachable = new java.util.HashSet<>();

  private List<String> check(RolloutPlan plan, ClusterHealth cluster) {
    List<String> problems = new ArrayList<>();
    Map<String, RollrunException> failures =
        ParallelConnect.connect(
            context.shell(),
            plan.clusterHealth().stream().map(NodePlan::host).toList(),
            context.clock(),
            context.events());
    failures.values().forEach(e -> problems.add(context.redactor().redact(e.getMessage())));
    unreachable.addAll(failures.keySet());
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

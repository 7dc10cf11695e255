package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.ssh.HostKeyRejectedException;
import dev.rollrun.core.ssh.SshAuthenticationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One check of a gate over some nodes: every condition evaluated once, what it saw kept for the
 * events. A condition that does not depend on the node (a {@code command} {@code on: local}, a
 * direct {@code http} or {@code jmx} probe of a fixed endpoint) runs once per check however many
 * nodes' gates hold it; a cluster condition ({@code across:}) is evaluated once, its nodes read in
 * parallel. Groups ({@code all:}, {@code any:}) evaluate every member, so that every value is seen.
 */
final class GateEvaluation {

  /** What a condition is, and whether it is a cluster condition's rather than one node's. */
  private record Answer(ProbeResult result, boolean shared) {}

  private record Key(String host, PlannedCondition condition) {}

  private final ConditionProbe probe;
  private final ExecutorService pool;
  private final Map<Key, CompletableFuture<ProbeResult>> leaves = new ConcurrentHashMap<>();
  private final Map<PlannedCondition.ClusterCheck, Aggregation.Answer> clusters =
      new ConcurrentHashMap<>();

  /**
   * @param pool where nodes are probed in parallel, or null to probe one after the other
   */
  GateEvaluation(ConditionProbe probe, ExecutorService pool) {
    this.probe = probe;
    this.pool = pool;
  }

  /** One target's result. */
  record TargetResult(String problem, boolean sharedProblem) {}

  /** Evaluates every target's gate; problems per target in target order (null when healthy). */
  List<TargetResult> evaluate(List<HealthGateWaiter.Target> targets) {
    Set<PlannedCondition.ClusterCheck> clusterChecks = new LinkedHashSet<>();
    for (HealthGateWaiter.Target target : targets) {
      target.gate().conditions().forEach(c -> collectClusters(c, clusterChecks));
    }
    evaluateClusters(clusterChecks);
    List<TargetResult> results = new ArrayList<>();
    if (pool == null || targets.size() <= 1) {
      targets.forEach(t -> results.add(evaluateTarget(t)));
      return results;
    }
    List<Future<TargetResult>> running = new ArrayList<>();
    for (HealthGateWaiter.Target target : targets) {
      running.add(pool.submit(() -> evaluateTarget(target)));
    }
    for (int i = 0; i < running.size(); i++) {
      try {
        results.add(running.get(i).get());
      } catch (ExecutionException e) {
        rethrowIfLasting(e.getCause());
        results.add(new TargetResult(String.valueOf(e.getCause()), false));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.add(new TargetResult("not checked (interrupted)", false));
      }
    }
    return results;
  }

  /** What one condition is for one node (or for the cluster: host may be null). */
  ProbeResult evaluate(Host host, PlannedCondition condition) {
    return answer(host, condition).result();
  }

  private TargetResult evaluateTarget(HealthGateWaiter.Target target) {
    for (PlannedCondition condition : target.gate().conditions()) {
      Answer answer = answer(target.host(), condition);
      if (!answer.result().holds()) {
        return new TargetResult(answer.result().problem(), answer.shared());
      }
    }
    return new TargetResult(null, false);
  }

  private Answer answer(Host host, PlannedCondition condition) {
    if (condition instanceof PlannedCondition.AllOf all) {
      Answer first = null;
      boolean allShared = true;
      for (PlannedCondition c : all.conditions()) {
        Answer a = answer(host, c);
        allShared &= a.shared();
        if (!a.result().holds() && first == null) {
          first = a;
        }
      }
      return first != null ? first : new Answer(ProbeResult.healthy(null), allShared);
    }
    if (condition instanceof PlannedCondition.AnyOf any) {
      List<String> problems = new ArrayList<>();
      boolean allShared = true;
      boolean holds = false;
      for (PlannedCondition c : any.conditions()) {
        Answer a = answer(host, c);
        allShared &= a.shared();
        if (a.result().holds()) {
          holds = true;
        } else {
          problems.add(a.result().problem());
        }
      }
      return holds
          ? new Answer(ProbeResult.healthy(null), allShared)
          : new Answer(
              ProbeResult.unhealthy("none of: " + String.join("; ", problems), null), allShared);
    }
    if (condition instanceof PlannedCondition.ClusterCheck cluster) {
      return new Answer(cluster(cluster).result(), true);
    }
    boolean shared = nodeIndependent(condition);
    return new Answer(leaf(shared || host == null ? null : host.name(), host, condition), false);
  }

  private Aggregation.Answer cluster(PlannedCondition.ClusterCheck check) {
    Aggregation.Answer known = clusters.get(check);
    if (known == null) {
      evaluateClusters(Set.of(check));
      known = clusters.get(check);
    }
    return known;
  }

  /** Every cluster condition's nodes probed at the same time, then each aggregated. */
  private void evaluateClusters(Set<PlannedCondition.ClusterCheck> checks) {
    Map<PlannedCondition.ClusterCheck, List<CompletableFuture<ProbeResult>>> pending =
        new LinkedHashMap<>();
    for (PlannedCondition.ClusterCheck check : checks) {
      if (clusters.containsKey(check)) {
        continue;
      }
      List<CompletableFuture<ProbeResult>> members = new ArrayList<>();
      for (PlannedCondition.ClusterCheck.Member member : check.members()) {
        boolean shared = nodeIndependent(member.condition());
        Key key = new Key(shared ? null : member.host().name(), member.condition());
        members.add(
            leaves.computeIfAbsent(
                key,
                k ->
                    pool == null
                        ? CompletableFuture.completedFuture(
                            safeProbe(member.host(), member.condition()))
                        : CompletableFuture.supplyAsync(
                            () -> safeProbe(member.host(), member.condition()), pool)));
      }
      pending.put(check, members);
    }
    pending.forEach(
        (check, members) -> {
          List<Aggregation.NodeAnswer> answers = new ArrayList<>();
          for (int i = 0; i < members.size(); i++) {
            answers.add(
                new Aggregation.NodeAnswer(
                    check.members().get(i).host().name(), join(members.get(i))));
          }
          clusters.put(check, Aggregation.of(check, answers));
        });
  }

  private ProbeResult leaf(String keyHost, Host host, PlannedCondition condition) {
    CompletableFuture<ProbeResult> mine = new CompletableFuture<>();
    CompletableFuture<ProbeResult> existing = leaves.putIfAbsent(new Key(keyHost, condition), mine);
    if (existing != null) {
      return join(existing);
    }
    ProbeResult result;
    try {
      result = safeProbe(host, condition);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e); // a node's gate that shares this condition fails the same
      throw e;
    }
    mine.complete(result);
    return result;
  }

  private ProbeResult safeProbe(Host host, PlannedCondition condition) {
    try {
      return probe.probe(host, condition);
    } catch (HostKeyRejectedException | SshAuthenticationException e) {
      throw e; // waiting cannot mend it: the gate fails at once
    } catch (RuntimeException e) {
      return ProbeResult.missing(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static ProbeResult join(CompletableFuture<ProbeResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.missing("not checked (interrupted)");
    } catch (ExecutionException e) {
      rethrowIfLasting(e.getCause());
      return ProbeResult.missing(String.valueOf(e.getCause()));
    }
  }

  /**
   * A refused host key, or a node that refuses every key, stays so however long a gate waits: it
   * ends the check rather than counting as one more unhealthy answer.
   */
  private static void rethrowIfLasting(Throwable cause) {
    Throwable c =
        cause instanceof java.util.concurrent.CompletionException ? cause.getCause() : cause;
    if (c instanceof HostKeyRejectedException || c instanceof SshAuthenticationException) {
      throw (RuntimeException) c;
    }
  }

  /** Whether a condition's answer is the same whichever node's gate holds it. */
  static boolean nodeIndependent(PlannedCondition condition) {
    if (condition instanceof PlannedCondition.CommandCheck command) {
      return command.on() == Where.LOCAL;
    }
    if (condition instanceof PlannedCondition.TcpCheck tcp) {
      return tcp.from() == Where.LOCAL;
    }
    if (condition instanceof PlannedCondition.HttpCheck http) {
      return http.via() == Via.DIRECT;
    }
    if (condition instanceof PlannedCondition.JmxCheck jmx) {
      return jmx.via() == Via.DIRECT;
    }
    return condition instanceof PlannedCondition.ClusterCheck;
  }

  private static void collectClusters(
      PlannedCondition condition, Set<PlannedCondition.ClusterCheck> into) {
    if (condition instanceof PlannedCondition.ClusterCheck cluster) {
      into.add(cluster);
    } else if (condition instanceof PlannedCondition.AllOf all) {
      all.conditions().forEach(c -> collectClusters(c, into));
    } else if (condition instanceof PlannedCondition.AnyOf any) {
      any.conditions().forEach(c -> collectClusters(c, into));
    }
  }

  /**
   * What every condition was seen to be, in the order of the targets and their conditions: each
   * once (a condition several nodes' gates share, once for the cluster).
   */
  List<Observation> observations(List<HealthGateWaiter.Target> targets) {
    Map<Object, Integer> sharedBy = new LinkedHashMap<>();
    for (HealthGateWaiter.Target target : targets) {
      Set<PlannedCondition> seen = new LinkedHashSet<>();
      target.gate().conditions().forEach(c -> leavesOf(c, seen));
      seen.forEach(c -> sharedBy.merge(c, 1, Integer::sum));
    }
    Map<Object, Observation> observations = new LinkedHashMap<>();
    for (HealthGateWaiter.Target target : targets) {
      Set<PlannedCondition> seen = new LinkedHashSet<>();
      target.gate().conditions().forEach(c -> leavesOf(c, seen));
      for (PlannedCondition condition : seen) {
        if (condition instanceof PlannedCondition.ClusterCheck cluster) {
          Aggregation.Answer answer = clusters.get(cluster);
          if (answer != null) {
            observations.putIfAbsent(cluster, answer.observation());
          }
          continue;
        }
        boolean shared = nodeIndependent(condition);
        String hostName = target.host() == null ? null : target.host().name();
        CompletableFuture<ProbeResult> future =
            leaves.get(new Key(shared ? null : hostName, condition));
        if (future == null || !future.isDone()) {
          continue;
        }
        ProbeResult r = join(future);
        String shownHost = shared && sharedBy.getOrDefault(condition, 0) > 1 ? null : hostName;
        observations.putIfAbsent(
            new Key(shownHost, condition),
            new Observation(
                condition.label(),
                shownHost,
                r.holds(),
                null,
                r.value() == null ? null : Aggregation.format(r.value()),
                r.problem(),
                List.of(),
                r.holds() ? List.of() : r.output()));
      }
    }
    return List.copyOf(observations.values());
  }

  private static void leavesOf(PlannedCondition condition, Set<PlannedCondition> into) {
    if (condition instanceof PlannedCondition.AllOf all) {
      all.conditions().forEach(c -> leavesOf(c, into));
    } else if (condition instanceof PlannedCondition.AnyOf any) {
      any.conditions().forEach(c -> leavesOf(c, into));
    } else {
      into.add(condition);
    }
  }
}

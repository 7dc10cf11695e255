package dev.rollrun.core.plan;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Host;
import dev.rollrun.api.Phase;
import dev.rollrun.core.behaviour.DefaultHealth;
import dev.rollrun.core.config.GateSpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.template.TemplateRenderer;
import dev.rollrun.core.validate.PlaybookChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Turns a {@link PlanRequest} into a {@link RolloutPlan}: checks the playbook against its inventory
 * ({@link PlaybookChecks}), selects and orders the hosts ({@link HostSelection}, then the cluster
 * behaviour), splits them into batches and renders every step and gate for every node ({@link
 * StepRenderer}). A pure function of its request: it reads no file, starts nothing, and the same
 * request always gives the same plan and digest.
 *
 * <p>All problems of one kind are collected before failing, each with its file:line:column: first
 * what the playbook says about the inventory, then {@code --limit}, then every template.
 */
public final class Planner {

  /** Below this many hosts, one thread renders faster than several. */
  static final int PARALLEL_FROM_HOSTS = 500;

  // Compiled templates are cached here: a Planner reused for several playbooks compiles less.
  private final TemplateRenderer renderer = new TemplateRenderer();

  /**
   * @throws InvalidConfigException with every problem of the playbook or its templates
   * @throws UsageException when {@code --limit} names nothing or leaves nothing to roll
   */
  public PlanResult plan(PlanRequest request) {
    Playbook playbook = request.playbook();
    ClusterBehaviour behaviour = request.behaviour();
    ProblemCollector problems = new ProblemCollector();
    problems.addAll(PlaybookChecks.check(playbook, request.inventory(), behaviour));
    problems.throwIfAny();
    List<Host> ordered =
        order(
            behaviour,
            playbook,
            HostSelection.select(playbook, request.inventory(), request.limit()));

    Set<String> environmentRead = ConcurrentHashMap.newKeySet();
    AtomicInteger runaway = new AtomicInteger();
    Rendering rendering =
        new Rendering(renderer, new TemplateContext(request, environmentRead), runaway);
    List<Host> cluster = clusterHosts(request, ordered);
    StepRenderer steps = new StepRenderer(playbook, behaviour, rendering, cluster);
    List<PlannedStep> preCluster = steps.phase(Phase.PRE_CLUSTER, null);
    GateSpec health = DefaultHealth.forPlaybook(playbook, behaviour, cluster).orElse(null);
    List<NodePlan> nodes =
        renderNodes(ordered, request, health, rendering, environmentRead, cluster);
    List<NodePlan> bystanders = bystanders(request, ordered, health, steps);
    List<Batch> batches = new ArrayList<>();
    int index = 0;
    int number = 1;
    for (int size : BatchSizes.split(ordered.size(), playbook.rollout().ramp())) {
      batches.add(new Batch(number++, nodes.subList(index, index + size)));
      index += size;
    }
    List<PlannedStep> postCluster = steps.phase(Phase.POST_CLUSTER, null);
    List<PlannedStep> onFailure = steps.phase(Phase.ON_FAILURE, null);
    rendering.finish(problems);
    problems.throwIfAny();

    String ramp =
        playbook.rollout().ramp().stream().map(Object::toString).collect(Collectors.joining(", "));
    String selection = HostSelection.describe(playbook, request.limit());
    // The digest names the files by content (SourceNames); the plan shows them as given.
    RolloutPlan digested =
        new RolloutPlan(
            playbook.name(),
            request.names().playbook(),
            behaviour.id(),
            request.names().inventory(),
            selection,
            ramp,
            playbook.rollout().pause(),
            preCluster,
            batches,
            postCluster,
            onFailure,
            bystanders,
            "");
    RolloutPlan plan =
        new RolloutPlan(
            playbook.name(),
            playbook.displayName(),
            behaviour.id(),
            request.inventory().source(),
            selection,
            ramp,
            playbook.rollout().pause(),
            preCluster,
            batches,
            postCluster,
            onFailure,
            bystanders,
            PlanDigest.of(digested));
    return new PlanResult(plan, TemplateContext.redactor(request, environmentRead));
  }

  /**
   * Every node's steps, in host order. Large fleets are split into contiguous slices rendered on
   * several cores (nodes are independent); each slice's template problems are merged back in host
   * order, so messages are the same as from one thread.
   */
  private List<NodePlan> renderNodes(
      List<Host> hosts,
      PlanRequest request,
      GateSpec health,
      Rendering main,
      Set<String> environmentRead,
      List<Host> cluster) {
    Playbook playbook = request.playbook();
    ClusterBehaviour behaviour = request.behaviour();
    int slices =
        hosts.size() < PARALLEL_FROM_HOSTS
            ? 1
            : Math.min(4, Runtime.getRuntime().availableProcessors());
    if (slices <= 1) {
      StepRenderer steps = new StepRenderer(playbook, behaviour, main, cluster);
      return hosts.stream().map(h -> steps.node(h, health)).toList();
    }
    int per = (hosts.size() + slices - 1) / slices;
    List<List<Host>> parts = new ArrayList<>();
    for (int from = 0; from < hosts.size(); from += per) {
      parts.add(hosts.subList(from, Math.min(hosts.size(), from + per)));
    }
    List<Rendering> renderings = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      renderings.add(
          new Rendering(renderer, new TemplateContext(request, environmentRead), main.runaway()));
    }
    List<List<NodePlan>> rendered =
        IntStream.range(0, parts.size())
            .parallel()
            .mapToObj(
                i -> {
                  StepRenderer steps =
                      new StepRenderer(playbook, behaviour, renderings.get(i), cluster);
                  return parts.get(i).stream().map(h -> steps.node(h, health)).toList();
                })
            .toList();
    renderings.forEach(main::absorb);
    return rendered.stream().flatMap(List::stream).toList();
  }

  /**
   * The hosts of the playbook's selection that {@code --limit} leaves out, in the behaviour's
   * order, each with only its health gate: the health of the whole cluster counts, whatever part of
   * it a run rolls.
   */
  private static List<NodePlan> bystanders(
      PlanRequest request, List<Host> rolled, GateSpec health, StepRenderer steps) {
    if (request.limit().isEmpty()) {
      return List.of();
    }
    Set<String> rolledNames =
        rolled.stream().map(Host::name).collect(Collectors.toUnmodifiableSet());
    return order(
            request.behaviour(),
            request.playbook(),
            HostSelection.select(request.playbook(), request.inventory(), List.of()))
        .stream()
        .filter(h -> !rolledNames.contains(h.name()))
        .map(h -> new NodePlan(h, List.of(), health == null ? null : steps.gate(health, h)))
        .toList();
  }

  /**
   * The nodes {@code across:} chooses from: the playbook's whole selection in the behaviour's
   * order, whatever {@code --limit} leaves to roll.
   */
  private static List<Host> clusterHosts(PlanRequest request, List<Host> rolled) {
    if (request.limit().isEmpty()) {
      return rolled;
    }
    return request
        .behaviour()
        .order(HostSelection.select(request.playbook(), request.inventory(), List.of()));
  }

  /**
   * The behaviour's order of {@code hosts}. A behaviour that refuses the inventory (a host var it
   * cannot read) says so with a {@link dev.rollrun.api.RollrunException}: bad input, reported at
   * the playbook's {@code cluster:}, not an internal error.
   */
  private static List<Host> order(ClusterBehaviour behaviour, Playbook playbook, List<Host> hosts) {
    try {
      return behaviour.order(hosts);
    } catch (dev.rollrun.api.RollrunException e) {
      throw new InvalidConfigException(
          playbook.keyPosition("/cluster"), "cluster " + behaviour.id() + ": " + e.getMessage());
    }
  }
}

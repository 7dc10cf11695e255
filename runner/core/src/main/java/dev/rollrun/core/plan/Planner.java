package dev.rollrun.core.plan;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Host;
import dev.rollrun.api.Phase;
import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.config.ConditionSpec;
import dev.rollrun.core.config.GateSpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.ServiceSpec;
import dev.rollrun.core.config.StepSpec;
import dev.rollrun.core.config.Template;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.template.TemplateRenderer;
import dev.rollrun.core.text.RegularExpressions;
import dev.rollrun.core.text.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a playbook and an inventory into a {@link RolloutPlan}: selects and orders the hosts,
 * splits them into batches, resolves stop/start overrides and renders every template for every
 * node. All problems (unknown roles, undefined variables, ...) are collected before failing, each
 * with its file:line:column.
 */
public final class Planner {

  private final BehaviourCatalog behaviours;
  private final TemplateRenderer renderer = new TemplateRenderer();

  public Planner(BehaviourCatalog behaviours) {
    this.behaviours = behaviours;
  }

  public RolloutPlan plan(PlanRequest request) {
    Playbook playbook = request.playbook();
    ProblemCollector problems = new ProblemCollector();
    ClusterBehaviour behaviour =
        behaviours
            .find(playbook.cluster())
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        playbook.valuePosition("/cluster"),
                        "unknown cluster behaviour \""
                            + playbook.cluster()
                            + "\""
                            + Suggestions.didYouMean(playbook.cluster(), behaviours.ids())
                            + "; available: "
                            + String.join(", ", behaviours.ids())));
    Inventory inventory = request.inventory();
    checkOverrides(playbook, inventory, problems);
    checkRequiredSettings(playbook, behaviour, problems);
    List<Host> selected = select(playbook, inventory, problems);
    problems.throwIfAny();
    List<Host> limited = applyLimit(selected, inventory, request.limit());
    if (limited.isEmpty()) {
      throw new UsageException(
          "--limit "
              + String.join(",", request.limit())
              + " leaves no host of the playbook's selection to roll");
    }
    List<Host> ordered = behaviour.order(limited);

    TemplateContext context = new TemplateContext(request, behaviour.id());
    Rendering rendering = new Rendering(context, problems);
    List<PlannedStep> preCluster = rendering.steps(playbook, Phase.PRE_CLUSTER, null);
    GateSpec healthSpec =
        playbook.health() != null ? playbook.health() : defaultGate(playbook, behaviour);

    List<NodePlan> nodePlans =
        renderNodes(ordered, request, behaviour, healthSpec, rendering, problems);
    List<Batch> batches = new ArrayList<>();
    int index = 0;
    int number = 1;
    for (int size : BatchSizes.split(ordered.size(), playbook.rollout().ramp())) {
      batches.add(new Batch(number++, nodePlans.subList(index, index + size)));
      index += size;
    }
    List<PlannedStep> postCluster = rendering.steps(playbook, Phase.POST_CLUSTER, null);
    rendering.finish();
    problems.throwIfAny();

    RolloutPlan withoutDigest =
        new RolloutPlan(
            playbook.name(),
            playbook.displayName(),
            behaviour.id(),
            inventory.source(),
            describeSelection(playbook, request.limit()),
            playbook.rollout().ramp().stream()
                .map(Object::toString)
                .collect(Collectors.joining(", ")),
            playbook.rollout().pause(),
            preCluster,
            batches,
            postCluster,
            "");
    return new RolloutPlan(
        withoutDigest.playbookName(),
        withoutDigest.playbookFile(),
        withoutDigest.cluster(),
        withoutDigest.inventorySource(),
        withoutDigest.selection(),
        withoutDigest.ramp(),
        withoutDigest.pause(),
        preCluster,
        batches,
        postCluster,
        PlanDigest.of(withoutDigest));
  }

  /** Below this many hosts, one thread renders faster than several. */
  static final int PARALLEL_FROM_HOSTS = 500;

  /**
   * Every node's steps, in host order. Large fleets are split into contiguous slices rendered on
   * several cores (nodes are independent); each slice's template problems are merged back in host
   * order, so messages are the same as from one thread.
   */
  private List<NodePlan> renderNodes(
      List<Host> hosts,
      PlanRequest request,
      ClusterBehaviour behaviour,
      GateSpec health,
      Rendering main,
      ProblemCollector problems) {
    Playbook playbook = request.playbook();
    int slices =
        hosts.size() < PARALLEL_FROM_HOSTS
            ? 1
            : Math.min(4, Runtime.getRuntime().availableProcessors());
    if (slices <= 1) {
      return hosts.stream().map(h -> main.node(playbook, behaviour, h, health)).toList();
    }
    int per = (hosts.size() + slices - 1) / slices;
    List<List<Host>> parts = new ArrayList<>();
    for (int from = 0; from < hosts.size(); from += per) {
      parts.add(hosts.subList(from, Math.min(hosts.size(), from + per)));
    }
    List<Rendering> renderings = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      renderings.add(new Rendering(new TemplateContext(request, behaviour.id()), problems));
    }
    List<List<NodePlan>> rendered =
        java.util.stream.IntStream.range(0, parts.size())
            .parallel()
            .mapToObj(
                i ->
                    parts.get(i).stream()
                        .map(h -> renderings.get(i).node(playbook, behaviour, h, health))
                        .toList())
            .toList();
    renderings.forEach(main::absorb);
    return rendered.stream().flatMap(List::stream).toList();
  }

  private static String describeSelection(Playbook playbook, List<String> limit) {
    String hosts =
        playbook.hosts().isEmpty()
            ? "all hosts"
            : "hosts "
                + playbook.hosts().stream().map(Template::source).collect(Collectors.joining(", "));
    return limit.isEmpty() ? hosts : hosts + ", limited to " + String.join(", ", limit);
  }

  private static GateSpec defaultGate(Playbook playbook, ClusterBehaviour behaviour) {
    String command = behaviour.defaultHealthCommand();
    if (command == null) {
      return null;
    }
    SourcePosition at = playbook.keyPosition("/cluster");
    return new GateSpec(
        Duration.ofSeconds(5),
        GateSpec.DEFAULT_CONSECUTIVE,
        Duration.ofMinutes(5),
        List.of(
            new ConditionSpec.Command(new Template(command, at), Where.NODE, 0, null, false, at)),
        at);
  }

  private static void checkRequiredSettings(
      Playbook playbook, ClusterBehaviour behaviour, ProblemCollector problems) {
    ServiceSpec service = playbook.service();
    boolean usesDefaults =
        service.stop() == null
            || service.start() == null
            || playbook.health() == null && behaviour.defaultHealthCommand() != null;
    if (usesDefaults
        && behaviour.requiredSettings().contains("service.name")
        && service.name() == null) {
      problems.add(
          playbook.keyPosition(playbook.document().root().has("service") ? "/service" : "/cluster"),
          "service.name is required: the "
              + behaviour.id()
              + " behaviour stops, starts and checks the service by that name (or set"
              + " service.stop, service.start and health yourself)");
    }
  }

  private static void checkOverrides(
      Playbook playbook, Inventory inventory, ProblemCollector problems) {
    Set<String> roles = inventory.roles();
    for (String role : playbook.service().roles().keySet()) {
      if (!roles.contains(role)) {
        problems.add(
            playbook.service().roles().get(role).position(),
            "service.roles names role \""
                + role
                + "\", which no host of "
                + inventory.source()
                + " has"
                + Suggestions.didYouMean(role, roles));
      }
    }
    Set<String> names = hostNames(inventory);
    for (String host : playbook.service().hosts().keySet()) {
      if (!names.contains(host)) {
        problems.add(
            playbook.service().hosts().get(host).position(),
            "service.hosts names host \""
                + host
                + "\", which is not in "
                + inventory.source()
                + Suggestions.didYouMean(host, names));
      }
    }
  }

  private static Set<String> hostNames(Inventory inventory) {
    Set<String> names = new LinkedHashSet<>();
    inventory.hosts().forEach(h -> names.add(h.name()));
    return names;
  }

  /** The playbook's {@code hosts:} selectors, each a host name or a role. */
  private static List<Host> select(
      Playbook playbook, Inventory inventory, ProblemCollector problems) {
    if (playbook.hosts().isEmpty()) {
      return inventory.hosts();
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (Template selector : playbook.hosts()) {
      if (!matchesAny(inventory, selector.source())) {
        problems.add(
            selector.position(),
            "hosts: no host or role named \""
                + selector.source()
                + "\" in "
                + inventory.source()
                + hint(selector.source(), inventory));
      }
      wanted.add(selector.source());
    }
    return inventory.hosts().stream()
        .filter(h -> wanted.contains(h.name()) || h.roles().stream().anyMatch(wanted::contains))
        .toList();
  }

  private static List<Host> applyLimit(List<Host> hosts, Inventory inventory, List<String> limit) {
    if (limit.isEmpty()) {
      return hosts;
    }
    List<String> unknown = limit.stream().filter(item -> !matchesAny(inventory, item)).toList();
    if (unknown.size() == 1) {
      throw new UsageException(
          "--limit: no host or role named \""
              + unknown.get(0)
              + "\" in "
              + inventory.source()
              + hint(unknown.get(0), inventory));
    }
    if (!unknown.isEmpty()) {
      throw new UsageException(
          "--limit: no host or role named "
              + unknown.stream()
                  .map(item -> "\"" + item + "\"" + hint(item, inventory))
                  .collect(Collectors.joining(", "))
              + " in "
              + inventory.source());
    }
    Set<String> wanted = Set.copyOf(limit);
    return hosts.stream()
        .filter(h -> wanted.contains(h.name()) || h.roles().stream().anyMatch(wanted::contains))
        .toList();
  }

  private static boolean matchesAny(Inventory inventory, String nameOrRole) {
    return inventory.hosts().stream()
        .anyMatch(h -> h.name().equals(nameOrRole) || h.hasRole(nameOrRole));
  }

  /** A did-you-mean among host names and roles, else the roles there are (when few). */
  private static String hint(String wrong, Inventory inventory) {
    String close = Suggestions.didYouMean(wrong, namesAndRoles(inventory));
    if (!close.isEmpty()) {
      return close;
    }
    Set<String> roles = inventory.roles();
    return roles.isEmpty() || roles.size() > 12 ? "" : " (roles: " + String.join(", ", roles) + ")";
  }

  private static Set<String> namesAndRoles(Inventory inventory) {
    Set<String> all = new TreeSet<>(inventory.roles());
    inventory.hosts().forEach(h -> all.add(h.name()));
    return all;
  }

  /** Renders templates into planned steps, collecting every problem rather than the first. */
  private final class Rendering {
    private final TemplateContext context;
    private final ProblemCollector problems;

    /** The first problem at each position, and every host it was found for, in plan order. */
    private final Map<SourcePosition, Failure> failures = new LinkedHashMap<>();

    private record Failure(ConfigProblem first, String firstHost, List<String> hosts) {}

    Rendering(TemplateContext context, ProblemCollector problems) {
      this.context = context;
      this.problems = problems;
    }

    /**
     * A template that fails for one host usually fails for many; report it once, naming the hosts
     * (or how many more), instead of once per host.
     */
    void finish() {
      for (Failure failure : failures.values()) {
        ConfigProblem first = failure.first();
        String message = first.message();
        if (failure.hosts().size() > 1 && failure.firstHost() != null) {
          message =
              message.replace(
                  "for host " + failure.firstHost(), "for hosts " + hostList(failure.hosts()));
        }
        problems.add(first.position(), message);
      }
    }

    private static String hostList(List<String> hosts) {
      if (hosts.size() <= 3) {
        return String.join(", ", hosts.subList(0, hosts.size() - 1))
            + " and "
            + hosts.get(hosts.size() - 1);
      }
      return String.join(", ", hosts.subList(0, 3)) + " and " + (hosts.size() - 3) + " more";
    }

    /** Takes over another slice's problems, after this one's hosts in plan order. */
    void absorb(Rendering other) {
      other.failures.forEach(
          (position, failure) -> {
            Failure mine = failures.putIfAbsent(position, failure);
            if (mine != null) {
              for (String host : failure.hosts()) {
                if (!mine.hosts().contains(host)) {
                  mine.hosts().add(host);
                }
              }
            }
          });
    }

    private void report(List<ConfigProblem> found, Host host) {
      String name = host == null ? null : host.name();
      for (ConfigProblem problem : found) {
        Failure failure =
            failures.computeIfAbsent(
                problem.position(), p -> new Failure(problem, name, new ArrayList<>()));
        if (name != null && !failure.hosts().contains(name)) {
          failure.hosts().add(name);
        }
      }
    }

    NodePlan node(Playbook playbook, ClusterBehaviour behaviour, Host host, GateSpec health) {
      List<PlannedStep> steps = new ArrayList<>();
      steps.addAll(steps(playbook, Phase.PRE_STOP, host));
      steps.add(serviceCommand(playbook, behaviour, host, Phase.STOP));
      steps.addAll(steps(playbook, Phase.POST_STOP, host));
      steps.addAll(steps(playbook, Phase.SCRIPT, host));
      steps.addAll(steps(playbook, Phase.PRE_START, host));
      steps.add(serviceCommand(playbook, behaviour, host, Phase.START));
      steps.addAll(steps(playbook, Phase.POST_START, host));
      PlannedGate gate = health == null ? null : gate(health, host);
      return new NodePlan(host, steps, gate);
    }

    /** Host override, else the first of the host's roles with one, else playbook, else default. */
    private PlannedStep serviceCommand(
        Playbook playbook, ClusterBehaviour behaviour, Host host, Phase phase) {
      ServiceSpec service = playbook.service();
      boolean stop = phase == Phase.STOP;
      Template chosen = null;
      ServiceSpec.StopStart hostOverride = service.hosts().get(host.name());
      if (hostOverride != null) {
        chosen = stop ? hostOverride.stop() : hostOverride.start();
      }
      for (int i = 0; chosen == null && i < host.roles().size(); i++) {
        ServiceSpec.StopStart roleOverride = service.roles().get(host.roles().get(i));
        if (roleOverride != null) {
          chosen = stop ? roleOverride.stop() : roleOverride.start();
        }
      }
      if (chosen == null) {
        chosen = stop ? service.stop() : service.start();
      }
      boolean sudo = service.sudo();
      if (chosen == null) {
        SourcePosition at = playbook.keyPosition("/cluster");
        chosen =
            new Template(
                stop ? behaviour.defaultStopCommand() : behaviour.defaultStartCommand(), at);
        sudo = sudo || behaviour.defaultCommandsNeedSudo();
      }
      return new PlannedStep.Run(
          phase.key(), phase, null, command(chosen, host), sudo, null, chosen.position());
    }

    List<PlannedStep> steps(Playbook playbook, Phase phase, Host host) {
      List<PlannedStep> planned = new ArrayList<>();
      for (StepSpec spec : playbook.steps(phase)) {
        String id = phase.key() + "[" + planned.size() + "]";
        if (spec instanceof StepSpec.Run run) {
          planned.add(
              new PlannedStep.Run(
                  id,
                  phase,
                  run.name(),
                  command(run.command(), host),
                  run.sudo(),
                  run.timeout(),
                  run.position()));
        } else if (spec instanceof StepSpec.Local local) {
          planned.add(
              new PlannedStep.Local(
                  id,
                  phase,
                  local.name(),
                  command(local.command(), host),
                  local.timeout(),
                  local.position()));
        } else if (spec instanceof StepSpec.Wait wait) {
          planned.add(
              new PlannedStep.Wait(id, phase, wait.name(), wait.duration(), wait.position()));
        } else if (spec instanceof StepSpec.Gate gate) {
          planned.add(
              new PlannedStep.Gate(
                  id, phase, gate.name(), gate(gate.gate(), host), gate.position()));
        }
      }
      return planned;
    }

    private PlannedGate gate(GateSpec spec, Host host) {
      List<PlannedCondition> conditions = new ArrayList<>();
      for (ConditionSpec condition : spec.conditions()) {
        if (condition instanceof ConditionSpec.Command c) {
          conditions.add(
              new PlannedCondition.CommandCheck(
                  command(c.run(), host), c.on(), c.exit(), outputPattern(c, host), c.sudo()));
        } else if (condition instanceof ConditionSpec.Tcp t) {
          String address =
              t.host() == null
                  ? (host == null ? "" : host.address())
                  : render(t.host(), host).shown();
          conditions.add(new PlannedCondition.TcpCheck(address, port(t, host), t.from()));
        }
      }
      return new PlannedGate(spec.interval(), spec.consecutive(), spec.timeout(), conditions);
    }

    private Command outputPattern(ConditionSpec.Command condition, Host host) {
      if (condition.output() == null) {
        return null;
      }
      Command pattern = render(condition.output(), host);
      RegularExpressions.check(pattern.actual())
          .ifPresent(
              problem ->
                  report(
                      List.of(
                          new ConfigProblem(
                              condition.output().position(),
                              "rendered" + forHost(host) + ", " + problem)),
                      host));
      return pattern;
    }

    private int port(ConditionSpec.Tcp tcp, Host host) {
      String text = render(tcp.port(), host).actual().strip();
      try {
        int port = Integer.parseInt(text);
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      report(
          List.of(
              new ConfigProblem(
                  tcp.port().position(),
                  "tcp port \""
                      + text
                      + "\""
                      + forHost(host)
                      + " is not a port number (1 to 65535)")),
          host);
      return 0;
    }

    private Command command(Template template, Host host) {
      return render(template, host);
    }

    private Command render(Template template, Host host) {
      if (!template.isTemplated()) {
        return Command.plain(template.source());
      }
      String what = forHost(host).strip();
      try {
        String shown = renderer.render(template, context.shown(host), what);
        String actual =
            shown.contains("<secret:")
                ? renderer.render(template, context.actual(host), what)
                : shown;
        return new Command(shown, actual);
      } catch (InvalidConfigException e) {
        report(e.problems(), host);
        return Command.plain(template.source());
      }
    }

    private String forHost(Host host) {
      return host == null ? " in a cluster-wide step (no host)" : " for host " + host.name();
    }
  }
}

package dev.rollrun.core.plan;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.Phase;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.core.config.ConditionSpec;
import dev.rollrun.core.config.GateSpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.StepSpec;
import dev.rollrun.core.config.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a playbook declares into planned steps and gates for one host: one method per step
 * kind and per condition kind, every template rendered through a {@link Rendering}. A kind this
 * class does not know is a defect: it fails at once rather than leaving a step out of the plan.
 */
final class StepRenderer {

  private final Playbook playbook;
  private final ClusterBehaviour behaviour;
  private final Rendering rendering;

  /** The nodes cluster conditions ({@code across:}) choose from: the playbook's whole selection. */
  private final List<Host> cluster;

  /**
   * A cluster condition does not depend on the node whose gate holds it: rendered once, the same
   * planned condition in every gate, so that a gate over the cluster checks it once.
   */
  private final Map<ConditionSpec, PlannedCondition> clusterChecks = new IdentityHashMap<>();

  StepRenderer(Playbook playbook, ClusterBehaviour behaviour, Rendering rendering) {
    this(playbook, behaviour, rendering, List.of());
  }

  StepRenderer(
      Playbook playbook, ClusterBehaviour behaviour, Rendering rendering, List<Host> cluster) {
    this.playbook = playbook;
    this.behaviour = behaviour;
    this.rendering = rendering;
    this.cluster = List.copyOf(cluster);
  }

  /**
   * Every step of one node in {@link NodeLifecycle} order, then its health gate. The cluster
   * behaviour's steps go around the stop and start: its safe-to-stop checks and its wrappers'
   * {@code before} after the pre-stop steps, its wrappers' {@code after} (in reverse order) after
   * the post-start steps.
   */
  NodePlan node(Host host, GateSpec health) {
    List<PlannedStep> steps = new ArrayList<>();
    for (Phase phase : NodeLifecycle.PHASES) {
      if (phase == Phase.STOP && health != null && health.beforeStop()) {
        // The health gate again, right before the stop: with across: conditions, the whole
        // cluster must be healthy before each node goes down.
        // settle is about a node just started: this node has not been stopped yet.
        PlannedGate gate = gate(health, host);
        steps.add(
            new PlannedStep.Gate(
                BEFORE_STOP,
                Phase.PRE_STOP,
                null,
                new PlannedGate(
                    gate.interval(), gate.consecutive(), gate.timeout(), gate.conditions()),
                health.position()));
      }
      if (phase == Phase.STOP) {
        Template instance = ServiceCommands.instance(playbook, behaviour, host);
        if (instance != null) {
          steps.add(
              new PlannedStep.Instance(
                  PlannedStep.Instance.ID,
                  Phase.PRE_STOP,
                  rendering.render(instance, host),
                  instance.position()));
        }
      }
      if (NodeLifecycle.isServiceCommand(phase)) {
        steps.add(serviceCommand(host, phase));
      } else {
        steps.addAll(phase(phase, host));
      }
      if (phase == Phase.PRE_STOP) {
        steps.addAll(beforeStop());
      } else if (phase == Phase.POST_START) {
        steps.addAll(afterStart());
        steps.addAll(restores(steps, host));
      }
    }
    return new NodePlan(host, steps, health == null ? null : gate(health, host));
  }

  private List<PlannedStep> beforeStop() {
    List<PlannedStep> steps = new ArrayList<>();
    TaskArgs settings = new TaskArgs(playbook.settings());
    List<StopCheck> checks = behaviour.stopChecks();
    for (int i = 0; i < checks.size(); i++) {
      steps.add(
          new PlannedStep.SafeToStop(
              "safe-to-stop[" + i + "]",
              Phase.PRE_STOP,
              checks.get(i).name(),
              behaviour.id(),
              checks.get(i),
              settings,
              cluster));
    }
    List<NodeWrapper> wrappers = behaviour.wrappers();
    for (int i = 0; i < wrappers.size(); i++) {
      steps.add(
          new PlannedStep.Wrapper(
              "before-stop[" + i + "]",
              Phase.PRE_STOP,
              wrappers.get(i).name(),
              behaviour.id(),
              wrappers.get(i),
              true,
              settings));
    }
    return steps;
  }

  private List<PlannedStep> afterStart() {
    List<PlannedStep> steps = new ArrayList<>();
    TaskArgs settings = new TaskArgs(playbook.settings());
    List<NodeWrapper> wrappers = behaviour.wrappers();
    for (int i = wrappers.size() - 1; i >= 0; i--) {
      steps.add(
          new PlannedStep.Wrapper(
              "after-start[" + i + "]",
              Phase.POST_START,
              wrappers.get(i).name(),
              behaviour.id(),
              wrappers.get(i),
              false,
              settings));
    }
    return steps;
  }

  /**
   * The id of the health gate awaited before a node's stop ({@code health: {before-stop: true}}).
   */
  static final String BEFORE_STOP = "before-stop";

  /**
   * The playbook's steps of {@code phase}, with ids {@code pre-stop[0]}, {@code pre-stop[1]}, ...
   *
   * @param host the node, or null for a cluster-wide phase
   */
  List<PlannedStep> phase(Phase phase, Host host) {
    List<PlannedStep> planned = new ArrayList<>();
    for (StepSpec spec : playbook.steps(phase)) {
      planned.add(step(spec, phase.key() + "[" + planned.size() + "]", phase, host));
    }
    return planned;
  }

  private PlannedStep serviceCommand(Host host, Phase phase) {
    ServiceCommands.Chosen chosen = ServiceCommands.choose(playbook, behaviour, host, phase);
    return new PlannedStep.Run(
        phase.key(),
        phase,
        null,
        rendering.render(chosen.command(), host),
        chosen.sudo(),
        playbook.service().timeout(),
        chosen.command().position());
  }

  /**
   * The {@code restore:} of every {@code set:} among {@code steps}, last set first restored: they
   * run once the node is started again, after the behaviour's wrappers.
   */
  private List<PlannedStep> restores(List<PlannedStep> steps, Host host) {
    List<PlannedStep> restores = new ArrayList<>();
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i) instanceof PlannedStep.Owned set && !set.restoring()) {
        StepSpec.Owned spec = ownedSpecs.get(set.id());
        restores.add(
            new PlannedStep.Owned(
                RESTORE_PREFIX + set.id(),
                Phase.POST_START,
                set.name(),
                rendering.render(spec.restore(), host),
                true,
                set.id(),
                set.sudo(),
                set.timeout(),
                spec.position()));
      }
    }
    return restores;
  }

  /** How a restore's id names its setting: {@code restore:pre-stop[0]}. */
  static final String RESTORE_PREFIX = "restore:";

  private final java.util.Map<String, StepSpec.Owned> ownedSpecs = new java.util.HashMap<>();

  PlannedStep step(StepSpec spec, String id, Phase phase, Host host) {
    if (spec instanceof StepSpec.Run run) {
      return run(run, id, phase, host);
    } else if (spec instanceof StepSpec.Owned owned) {
      ownedSpecs.put(id, owned);
      return new PlannedStep.Owned(
          id,
          phase,
          owned.name(),
          rendering.render(owned.set(), host),
          false,
          RESTORE_PREFIX + id,
          owned.sudo(),
          owned.timeout(),
          owned.position());
    } else if (spec instanceof StepSpec.Local local) {
      return local(local, id, phase, host);
    } else if (spec instanceof StepSpec.Wait wait) {
      return waitStep(wait, id, phase);
    } else if (spec instanceof StepSpec.Gate gate) {
      return gateStep(gate, id, phase, host);
    } else if (spec instanceof StepSpec.Task task) {
      return task(task, id, phase, host);
    } else if (spec instanceof StepSpec.Js js) {
      return js(js, id, phase, host);
    }
    throw new IllegalStateException("unknown step kind " + spec.getClass().getName());
  }

  private PlannedStep run(StepSpec.Run run, String id, Phase phase, Host host) {
    return new PlannedStep.Run(
        id,
        phase,
        run.name(),
        rendering.render(run.command(), host),
        run.sudo(),
        run.timeout(),
        run.position());
  }

  private PlannedStep local(StepSpec.Local local, String id, Phase phase, Host host) {
    return new PlannedStep.Local(
        id,
        phase,
        local.name(),
        rendering.render(local.command(), host),
        local.timeout(),
        local.position());
  }

  private PlannedStep task(StepSpec.Task task, String id, Phase phase, Host host) {
    if (task.implementation() == null) {
      throw new IllegalStateException("task " + task.task() + " was not resolved before planning");
    }
    Map<String, Object> shown = new LinkedHashMap<>();
    Map<String, Object> actual = new LinkedHashMap<>();
    renderArgs(task.args(), host, shown, actual);
    return new PlannedStep.Task(
        id,
        phase,
        task.name(),
        task.task(),
        shown,
        actual,
        task.timeout(),
        task.position(),
        task.implementation());
  }

  private PlannedStep js(StepSpec.Js js, String id, Phase phase, Host host) {
    Map<String, Object> shown = new LinkedHashMap<>();
    Map<String, Object> actual = new LinkedHashMap<>();
    renderArgs(js.args(), host, shown, actual);
    return new PlannedStep.Js(
        id, phase, js.name(), js.file(), shown, actual, js.timeout(), js.position(), js.script());
  }

  /**
   * Arguments with every template rendered: as shown (secrets hidden) and as the task gets them.
   */
  private void renderArgs(
      Map<String, Object> args, Host host, Map<String, Object> shown, Map<String, Object> actual) {
    args.forEach(
        (key, value) -> {
          shown.put(key, renderArg(value, host, true));
          actual.put(key, renderArg(value, host, false));
        });
  }

  private Object renderArg(Object value, Host host, boolean shown) {
    if (value instanceof Template template) {
      Command rendered = rendering.render(template, host);
      return shown ? rendered.shown() : rendered.actual();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), renderArg(v, host, shown)));
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(renderArg(v, host, shown)));
      return Collections.unmodifiableList(out);
    }
    return value;
  }

  private static PlannedStep waitStep(StepSpec.Wait wait, String id, Phase phase) {
    return new PlannedStep.Wait(id, phase, wait.name(), wait.duration(), wait.position());
  }

  private PlannedStep gateStep(StepSpec.Gate gate, String id, Phase phase, Host host) {
    return new PlannedStep.Gate(id, phase, gate.name(), gate(gate.gate(), host), gate.position());
  }

  PlannedGate gate(GateSpec spec, Host host) {
    List<PlannedCondition> conditions = new ArrayList<>();
    for (ConditionSpec condition : spec.conditions()) {
      conditions.add(condition(condition, host));
    }
    return new PlannedGate(
        spec.interval(), spec.consecutive(), spec.timeout(), conditions, spec.settle());
  }

  PlannedCondition condition(ConditionSpec spec, Host host) {
    if (spec instanceof ConditionSpec.Command command) {
      return commandCheck(command, host);
    } else if (spec instanceof ConditionSpec.Tcp tcp) {
      return tcpCheck(tcp, host);
    } else if (spec instanceof ConditionSpec.Http http) {
      return httpCheck(http, host);
    } else if (spec instanceof ConditionSpec.Jmx jmx) {
      return jmxCheck(jmx, host);
    } else if (spec instanceof ConditionSpec.Cluster clusterCheck) {
      PlannedCondition planned = clusterChecks.get(spec);
      if (planned == null) {
        planned = clusterCheck(clusterCheck);
        clusterChecks.put(spec, planned);
      }
      return planned;
    } else if (spec instanceof ConditionSpec.AllOf all) {
      return new PlannedCondition.AllOf(
          all.conditions().stream().map(c -> condition(c, host)).toList());
    } else if (spec instanceof ConditionSpec.AnyOf any) {
      return new PlannedCondition.AnyOf(
          any.conditions().stream().map(c -> condition(c, host)).toList());
    }
    throw new IllegalStateException("unknown condition kind " + spec.getClass().getName());
  }

  private PlannedCondition commandCheck(ConditionSpec.Command command, Host host) {
    return new PlannedCondition.CommandCheck(
        rendering.render(command.run(), host),
        command.on(),
        command.exit(),
        command.output() == null ? null : rendering.pattern(command.output(), host),
        command.sudo());
  }

  /** To {@code host:} when given, else to the node's own address. */
  private PlannedCondition tcpCheck(ConditionSpec.Tcp tcp, Host host) {
    String address =
        tcp.host() == null
            ? (host == null ? "" : host.address())
            : rendering.render(tcp.host(), host).shown();
    return new PlannedCondition.TcpCheck(address, rendering.port(tcp.port(), host), tcp.from());
  }

  private PlannedCondition httpCheck(ConditionSpec.Http http, Host host) {
    Map<String, Command> headers = new LinkedHashMap<>();
    http.headers().forEach((name, value) -> headers.put(name, rendering.render(value, host)));
    return new PlannedCondition.HttpCheck(
        http.name(),
        rendering.render(http.url(), host),
        http.method(),
        optional(http.body(), host),
        headers,
        optional(http.user(), host),
        optional(http.password(), host),
        optional(http.token(), host),
        http.caFile() == null ? null : rendering.render(http.caFile(), host).actual(),
        http.insecure(),
        http.timeout(),
        http.status(),
        http.json(),
        http.value(),
        http.via());
  }

  /**
   * Host and port default to the node's address and its {@code jmx_port} var; credentials to its
   * {@code jmx_user} and {@code jmx_password} vars when it has them.
   */
  private PlannedCondition jmxCheck(ConditionSpec.Jmx jmx, Host host) {
    String address =
        jmx.host() == null
            ? (host == null ? "" : host.address())
            : rendering.render(jmx.host(), host).shown();
    Template port =
        jmx.port() != null ? jmx.port() : new Template("{{ host.vars.jmx_port }}", jmx.position());
    Template user = jmx.user() != null ? jmx.user() : hostVar(host, "jmx_user", jmx);
    Template password =
        jmx.password() != null ? jmx.password() : hostVar(host, "jmx_password", jmx);
    return new PlannedCondition.JmxCheck(
        jmx.name(),
        address,
        rendering.port(port, host),
        rendering.render(jmx.mbean(), host).actual(),
        jmx.attribute(),
        optional(user, host),
        optional(password, host),
        jmx.ssl()
            || host != null && Boolean.parseBoolean(String.valueOf(host.vars().get("jmx_ssl"))),
        jmx.via(),
        jmx.comparisons());
  }

  private static Template hostVar(Host host, String var, ConditionSpec.Jmx jmx) {
    return host != null && host.vars().containsKey(var)
        ? new Template("{{ host.vars." + var + " }}", jmx.position())
        : null;
  }

  /** Each node {@code across:} names, with the condition rendered for that node. */
  private PlannedCondition clusterCheck(ConditionSpec.Cluster spec) {
    List<PlannedCondition.ClusterCheck.Member> members = new ArrayList<>();
    for (Host member : members(spec)) {
      members.add(new PlannedCondition.ClusterCheck.Member(member, condition(spec.node(), member)));
    }
    return new PlannedCondition.ClusterCheck(
        spec.name(), spec.across().describe(), members, spec.aggregate(), spec.comparisons());
  }

  private List<Host> members(ConditionSpec.Cluster spec) {
    return switch (spec.across().scope()) {
      case ALL_NODES -> cluster;
      case ROLE -> cluster.stream().filter(h -> h.roles().contains(spec.across().role())).toList();
      case THESE -> {
        List<Host> chosen = new ArrayList<>();
        for (String name : spec.across().hosts()) {
          cluster.stream().filter(h -> h.name().equals(name)).findFirst().ifPresent(chosen::add);
        }
        yield chosen;
      }
    };
  }

  private Command optional(Template template, Host host) {
    return template == null ? null : rendering.render(template, host);
  }
}

package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.Phase;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a plan, every template rendered. The executor runs each kind; the plan printers show
 * each in one line.
 */
public sealed interface PlannedStep {

  /**
   * The step's id, unique among the steps of one node (or among the cluster-wide steps) and stable
   * for a given plan: {@code stop}, {@code start}, or the phase and the step's index in it, {@code
   * pre-stop[0]}. Events, the journal and messages name steps by it, never by their command.
   */
  String id();

  Phase phase();

  /** The step's {@code name:}, or null. */
  String name();

  /** Where the step was declared, or null for steps that come from the cluster behaviour. */
  SourcePosition source();

  /**
   * The kind as written in playbooks: run, local, wait, gate, task, js; or, for the steps a cluster
   * behaviour adds around each node, safe-to-stop and wrapper.
   */
  String kind();

  /** What the step does, in one line, secrets hidden. */
  String describe();

  /**
   * For a step that undoes what another step of the same node set (a wrapper's after, a {@code
   * restore:}), the id of that step: when the setting step has run, this one must run too, even
   * when the node fails or is left before its stop, and {@code rollrun recover} runs it after a
   * crash. Empty for every other step.
   */
  default java.util.Optional<String> restores() {
    return java.util.Optional.empty();
  }

  /**
   * One side of a {@code set:}/{@code restore:} pair: the setting ({@code restoring} false, at its
   * place in the lifecycle) or its restore ({@code restoring} true, once the node is started
   * again), a command on the node.
   *
   * @param partner the id of the other side
   */
  record Owned(
      String id,
      Phase phase,
      String name,
      Command command,
      boolean restoring,
      String partner,
      boolean sudo,
      Duration timeout,
      SourcePosition source)
      implements PlannedStep {
    @Override
    public String kind() {
      return restoring ? "restore" : "set";
    }

    @Override
    public String describe() {
      return sudo ? command.shownWithSudo() : command.shown();
    }

    @Override
    public java.util.Optional<String> restores() {
      return restoring ? java.util.Optional.of(partner) : java.util.Optional.empty();
    }
  }

  /** A command on the node over SSH. */
  record Run(
      String id,
      Phase phase,
      String name,
      Command command,
      boolean sudo,
      Duration timeout,
      SourcePosition source)
      implements PlannedStep {
    @Override
    public String kind() {
      return "run";
    }

    @Override
    public String describe() {
      return sudo ? command.shownWithSudo() : command.shown();
    }
  }

  /**
   * Reads what identifies the node's running service, right before its stop; its output is
   * journaled, its exit code ignored (a service not running prints nothing). {@code rollrun resume}
   * compares it with what the node says after a crash during the stop.
   */
  record Instance(String id, Phase phase, Command command, SourcePosition source)
      implements PlannedStep {

    /** The id of the step, the same on every node. */
    public static final String ID = "instance";

    @Override
    public String name() {
      return null;
    }

    @Override
    public String kind() {
      return "instance";
    }

    @Override
    public String describe() {
      return command.shown();
    }
  }

  /** A command on the operator's machine. */
  record Local(
      String id, Phase phase, String name, Command command, Duration timeout, SourcePosition source)
      implements PlannedStep {
    @Override
    public String kind() {
      return "local";
    }

    @Override
    public String describe() {
      return command.shown();
    }
  }

  /** A pause. */
  record Wait(String id, Phase phase, String name, Duration duration, SourcePosition source)
      implements PlannedStep {
    @Override
    public String kind() {
      return "wait";
    }

    @Override
    public String describe() {
      return dev.rollrun.core.text.Durations.format(duration);
    }
  }

  /** A health gate that must pass before the next step. */
  record Gate(String id, Phase phase, String name, PlannedGate gate, SourcePosition source)
      implements PlannedStep {
    @Override
    public String kind() {
      return "gate";
    }

    @Override
    public String describe() {
      return gate.describeTiming();
    }
  }

  /**
   * A task from a plugin ({@code task:}).
   *
   * @param task the task's id
   * @param shownArgs the arguments with templates rendered and secrets as {@code <secret:NAME>}
   * @param args the arguments the task receives, secrets included: never shown
   * @param implementation the plugin's task
   */
  record Task(
      String id,
      Phase phase,
      String name,
      String task,
      Map<String, Object> shownArgs,
      Map<String, Object> args,
      Duration timeout,
      SourcePosition source,
      dev.rollrun.api.Task implementation)
      implements PlannedStep {
    public Task {
      shownArgs = Collections.unmodifiableMap(new LinkedHashMap<>(shownArgs));
      args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    @Override
    public String kind() {
      return "task";
    }

    @Override
    public String describe() {
      return task + describeArgs(shownArgs);
    }

    /** The arguments as a task receives them. */
    public TaskArgs taskArgs() {
      return new TaskArgs(args);
    }

    /** The shown arguments only: the record's default would print secret values. */
    @Override
    public String toString() {
      return "Task[" + id + ", " + describe() + "]";
    }
  }

  /**
   * A JavaScript task ({@code js:}).
   *
   * @param file the script as the playbook names it
   * @param script the compiled script
   */
  record Js(
      String id,
      Phase phase,
      String name,
      String file,
      Map<String, Object> shownArgs,
      Map<String, Object> args,
      Duration timeout,
      SourcePosition source,
      CompiledScript script)
      implements PlannedStep {
    public Js {
      shownArgs = Collections.unmodifiableMap(new LinkedHashMap<>(shownArgs));
      args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    @Override
    public String kind() {
      return "js";
    }

    @Override
    public String describe() {
      return file + describeArgs(shownArgs);
    }

    public TaskArgs taskArgs() {
      return new TaskArgs(args);
    }

    /** The shown arguments only: the record's default would print secret values. */
    @Override
    public String toString() {
      return "Js[" + id + ", " + describe() + "]";
    }
  }

  /**
   * A cluster behaviour's "safe to stop?" check, right before the node's stop: a refusal fails the
   * node before anything is stopped. The step's {@link #name()} is the check's name.
   *
   * @param behaviour the behaviour's id
   * @param settings the playbook's {@code settings:}
   * @param cluster the hosts the check may ask: the playbook's whole selection in roll order
   */
  record SafeToStop(
      String id,
      Phase phase,
      String name,
      String behaviour,
      StopCheck check,
      TaskArgs settings,
      List<Host> cluster)
      implements PlannedStep {

    public SafeToStop {
      cluster = List.copyOf(cluster);
    }

    /** A check that is given no other host than its node's. */
    public SafeToStop(
        String id, Phase phase, String name, String behaviour, StopCheck check, TaskArgs settings) {
      this(id, phase, name, behaviour, check, settings, List.of());
    }

    @Override
    public SourcePosition source() {
      return null;
    }

    @Override
    public String kind() {
      return "safe-to-stop";
    }

    @Override
    public String describe() {
      return "safe to stop? (cluster " + behaviour + ")";
    }
  }

  /**
   * One side of a cluster behaviour's wrapper around a node: {@code before} right before the stop,
   * or after the node is started again. The step's {@link #name()} is the wrapper's name.
   *
   * @param before true for the side before the stop
   */
  record Wrapper(
      String id,
      Phase phase,
      String name,
      String behaviour,
      NodeWrapper wrapper,
      boolean before,
      TaskArgs settings)
      implements PlannedStep {
    @Override
    public SourcePosition source() {
      return null;
    }

    @Override
    public String kind() {
      return "wrapper";
    }

    @Override
    public String describe() {
      return (before ? "before stop" : "after start") + " (cluster " + behaviour + ")";
    }

    @Override
    public java.util.Optional<String> restores() {
      return before ? java.util.Optional.empty() : java.util.Optional.of(partnerId());
    }

    /** The id of the other side of this wrapper. */
    public String partnerId() {
      return before
          ? id.replace("before-stop", "after-start")
          : id.replace("after-start", "before-stop");
    }
  }

  /** {@code " {version: 3.9.0, package: kafka}"}, or empty without arguments. */
  static String describeArgs(Map<String, Object> args) {
    return args.isEmpty() ? "" : " " + flow(args);
  }

  private static String flow(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.forEach(
          (k, v) ->
              out.append(out.length() > 1 ? ", " : "").append(k).append(": ").append(flow(v)));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      list.forEach(v -> out.append(out.length() > 1 ? ", " : "").append(flow(v)));
      return out.append(']').toString();
    }
    return String.valueOf(value);
  }
}

package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One step of a lifecycle phase as a playbook declares it (YAML: exactly one kind key). */
public sealed interface StepSpec {

  /** The step's {@code name:}, or null. */
  String name();

  SourcePosition position();

  /** {@code run:} a command on the node, through {@code sudo -n} when {@code sudo}. */
  record Run(String name, Template command, boolean sudo, Duration timeout, SourcePosition position)
      implements StepSpec {}

  /** {@code local:} a command on the operator's machine. */
  record Local(String name, Template command, Duration timeout, SourcePosition position)
      implements StepSpec {}

  /**
   * {@code set:} with {@code restore:} — a setting this run owns for the duration of a node: a
   * load-balancer drain, a maintenance flag. {@code set} runs here; {@code restore} runs once the
   * node is started again (after its post-start steps, before its health gate), and also when the
   * node fails or is left before its stop, and by {@code rollrun recover} after a crash.
   */
  record Owned(
      String name,
      Template set,
      Template restore,
      boolean sudo,
      Duration timeout,
      SourcePosition position)
      implements StepSpec {}

  /** {@code wait:} a pause. */
  record Wait(String name, Duration duration, SourcePosition position) implements StepSpec {}

  /** {@code gate:} an extra health gate at this point of the lifecycle. */
  record Gate(String name, GateSpec gate, SourcePosition position) implements StepSpec {}

  /**
   * {@code task:} a task from a plugin, by id, with its {@code args:}.
   *
   * @param task the id the playbook names
   * @param implementation the task of that id among the loaded plugins, or null when none has it
   *     (the loader reports it, naming the plugins that failed to load)
   * @param args the arguments as written: mappings, lists, numbers, booleans, and every string as a
   *     {@link Template}
   * @param taskPosition where the id is written
   */
  record Task(
      String name,
      String task,
      dev.rollrun.api.Task implementation,
      Map<String, Object> args,
      Duration timeout,
      SourcePosition position,
      SourcePosition taskPosition)
      implements StepSpec {
    public Task {
      args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }
  }

  /**
   * {@code js:} a JavaScript task, with its {@code args:}.
   *
   * @param file the file as the playbook names it ({@code tasks/check-version.js})
   * @param script the file, read and compiled
   * @param args as for {@link Task#args()}
   */
  record Js(
      String name,
      String file,
      CompiledScript script,
      Map<String, Object> args,
      Duration timeout,
      SourcePosition position)
      implements StepSpec {
    public Js {
      args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }
  }
}

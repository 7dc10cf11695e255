package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;

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

  /** {@code wait:} a pause. */
  record Wait(String name, Duration duration, SourcePosition position) implements StepSpec {}

  /** {@code gate:} an extra health gate at this point of the lifecycle. */
  record Gate(String name, GateSpec gate, SourcePosition position) implements StepSpec {}
}

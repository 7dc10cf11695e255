package dev.rollrun.core.plan;

import dev.rollrun.api.Phase;
import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;

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

  /** The kind as written in playbooks: run, local, wait, gate. */
  String kind();

  /** What the step does, in one line, secrets hidden. */
  String describe();

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
}

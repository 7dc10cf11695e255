package dev.rollrun.core.event;

import dev.rollrun.core.plan.PlannedStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens during a run, as it happens. Nothing in the executor prints: the console,
 * logs and reports are listeners of these events.
 */
public sealed interface RunEvent {

  /** A run (or dry run) begins. */
  record RunStarted(String playbook, String digest, int nodes, int batches, boolean commit)
      implements RunEvent {}

  /** An SSH session to a host is open. */
  record HostConnected(String host, String endpoint, Duration took) implements RunEvent {}

  /** A host could not be reached (dry run findings). */
  record HostUnreachable(String host, String reason) implements RunEvent {}

  /** A batch begins. */
  record BatchStarted(int number, int of, List<String> hosts) implements RunEvent {
    public BatchStarted {
      hosts = List.copyOf(hosts);
    }
  }

  /** A node moved from one state to another. */
  record NodeStateChanged(String host, NodeState from, NodeState to) implements RunEvent {}

  /** A step begins; {@code host} is null for cluster-wide steps. */
  record StepStarted(String host, PlannedStep step) implements RunEvent {}

  /** One line a command printed. */
  record OutputLine(String host, boolean stderr, String line) implements RunEvent {}

  /** A step succeeded. */
  record StepFinished(String host, PlannedStep step, Duration took) implements RunEvent {}

  /** A step failed; {@code reason} names the exit code and the last lines of stderr. */
  record StepFailed(String host, PlannedStep step, Duration took, String reason)
      implements RunEvent {}

  /** One check of a health gate. */
  record GateProgress(
      String label,
      int healthyInARow,
      int consecutive,
      Duration elapsed,
      Duration timeout,
      String problem)
      implements RunEvent {}

  /** A health gate passed. */
  record GatePassed(String label, Duration took) implements RunEvent {}

  /** A health gate timed out. */
  record GateFailed(String label, Duration took, String problem) implements RunEvent {}

  /** The pause between batches. */
  record Pausing(Duration duration) implements RunEvent {}

  /** The run is over; {@code nodeTimes} holds how long each rolled node took. */
  record RunFinished(
      Outcome outcome,
      Map<String, NodeState> states,
      Map<String, Duration> nodeTimes,
      Duration took,
      String message)
      implements RunEvent {
    public RunFinished {
      states = Map.copyOf(states);
      nodeTimes = Map.copyOf(nodeTimes);
    }
  }

  /** How a run ended. */
  enum Outcome {
    DONE,
    FAILED,
    INTERRUPTED,
    STOPPED_BY_OPERATOR
  }
}

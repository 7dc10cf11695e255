package dev.rollrun.core.event;

import dev.rollrun.api.Phase;
import java.time.Duration;
import java.util.List;

/**
 * Everything that happens during a run, as it happens. Nothing in the executor prints: the console,
 * the JSON lines of {@code --events} and (later) the journal are listeners of these events, which
 * reach them in an {@link EventEnvelope}.
 *
 * <p>Events name hosts by their inventory name and steps by their id ({@code pre-stop[0]}, {@code
 * stop}; see {@code PlannedStep#id()}), never by the rendered command, which may hold secrets. Text
 * that comes from a host (output lines, failure reasons) has every known secret value hidden before
 * it becomes an event. Lists of hosts are in roll order.
 *
 * <p>A closed set: {@code schemas/events.schema.json} describes each kind, and every listener
 * handles each kind or fails loudly.
 */
public sealed interface RunEvent {

  /**
   * A run (or dry run) begins.
   *
   * @param nodes the nodes this run rolls, in roll order
   * @param cluster every node whose health counts, in roll order: the playbook's whole selection,
   *     whatever {@code --limit} and {@code --skip} leave to roll
   */
  record RunStarted(
      String playbook,
      String digest,
      boolean commit,
      int batches,
      List<String> nodes,
      List<String> cluster)
      implements RunEvent {
    public RunStarted {
      nodes = List.copyOf(nodes);
      cluster = List.copyOf(cluster);
    }
  }

  /** An SSH session to a host is open. */
  record HostConnected(String host, String endpoint, Duration took) implements RunEvent {}

  /** A host could not be reached. */
  record HostUnreachable(String host, String reason) implements RunEvent {}

  /** A batch begins: {@code hosts} are rolled together. */
  record BatchStarted(int number, int of, List<String> hosts) implements RunEvent {
    public BatchStarted {
      hosts = List.copyOf(hosts);
    }
  }

  /**
   * A node moved from one state to another.
   *
   * @param nextStep the id of the node's next step (its step cursor), or null when all its steps
   *     have run
   */
  record NodeStateChanged(String host, NodeState from, NodeState to, String nextStep)
      implements RunEvent {}

  /** A step begins; {@code host} is null for cluster-wide steps. */
  record StepStarted(String host, String step, Phase phase, String kind) implements RunEvent {}

  /** One line a step's command printed, secrets hidden. */
  record OutputLine(String host, String step, boolean stderr, String line) implements RunEvent {}

  /** A step succeeded. */
  record StepFinished(String host, String step, Duration took) implements RunEvent {}

  /**
   * A step failed.
   *
   * @param reason the exit code and the last lines of stderr, or why it could not run
   * @param internal true when the cause is a defect in rollrun rather than the host or the command
   */
  record StepFailed(String host, String step, Duration took, String reason, boolean internal)
      implements RunEvent {}

  /**
   * One check of a health gate.
   *
   * @param gate what is awaited: {@code cluster health before the first node}, ...
   * @param hosts the nodes whose conditions were checked
   * @param problem why the check was unhealthy, or null
   * @param observations each condition's observed value per node in this check
   */
  record GateProgress(
      String gate,
      List<String> hosts,
      int healthyInARow,
      int consecutive,
      Duration elapsed,
      Duration timeout,
      String problem,
      List<Observation> observations)
      implements RunEvent {
    public GateProgress {
      hosts = List.copyOf(hosts);
      observations = List.copyOf(observations);
    }

    public GateProgress(
        String gate,
        List<String> hosts,
        int healthyInARow,
        int consecutive,
        Duration elapsed,
        Duration timeout,
        String problem) {
      this(gate, hosts, healthyInARow, consecutive, elapsed, timeout, problem, List.of());
    }
  }

  /**
   * A health gate passed.
   *
   * @param observations what its last check saw
   */
  record GatePassed(String gate, List<String> hosts, Duration took, List<Observation> observations)
      implements RunEvent {
    public GatePassed {
      hosts = List.copyOf(hosts);
      observations = List.copyOf(observations);
    }

    public GatePassed(String gate, List<String> hosts, Duration took) {
      this(gate, hosts, took, List.of());
    }
  }

  /**
   * A health gate did not pass.
   *
   * @param observations what its last check saw: each condition's last value per node, and the last
   *     output lines of command conditions that did not hold
   */
  record GateFailed(
      String gate,
      List<String> hosts,
      Duration took,
      String problem,
      List<Observation> observations)
      implements RunEvent {
    public GateFailed {
      hosts = List.copyOf(hosts);
      observations = List.copyOf(observations);
    }

    public GateFailed(String gate, List<String> hosts, Duration took, String problem) {
      this(gate, hosts, took, problem, List.of());
    }
  }

  /**
   * A cluster behaviour's "safe to stop?" check answered for a node in a dry run (in a roll, the
   * verdict is the output of the node's {@code safe-to-stop} step, and a refusal its failure).
   *
   * @param check the check's name
   * @param reason why, as the behaviour says it
   */
  record StopVerdict(String host, String check, boolean safe, String reason) implements RunEvent {}

  /**
   * A behaviour wrapper is about to change a setting on a node (journaled first): what its {@code
   * save} read, which its {@code after} (or {@code rollrun recover}) puts back.
   *
   * @param step the wrapper's before-stop step
   * @param saved the value read, or null when the wrapper saves nothing
   */
  record OwnedSaved(String host, String step, String saved) implements RunEvent {}

  /** The pause between batches. */
  record Pausing(Duration duration) implements RunEvent {}

  /** Something the operator should know that does not stop the run. */
  record Warning(String message) implements RunEvent {}

  /**
   * The run is over.
   *
   * @param nodes every node of the run in roll order, with its final state
   * @param message what ended the run early, or null
   */
  record RunFinished(Outcome outcome, List<NodeSummary> nodes, Duration took, String message)
      implements RunEvent {
    public RunFinished {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * A dry run is over; nothing was changed.
   *
   * @param problems why the roll would not start (unreachable hosts, an unhealthy cluster); empty
   *     when it is ready to roll
   */
  record DryRunFinished(List<String> problems, Duration took) implements RunEvent {
    public DryRunFinished {
      problems = List.copyOf(problems);
    }
  }

  /**
   * One node at the end of a run.
   *
   * @param took how long the node took from its first step to passing its gate, or null when it is
   *     not done
   */
  record NodeSummary(String host, NodeState state, Duration took) {}
}

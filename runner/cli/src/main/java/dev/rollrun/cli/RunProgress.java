package dev.rollrun.cli;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.event.RunEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a run stands, followed from its events: what the live view shows. Nodes done of the nodes
 * the run rolls, the batch being rolled, the time since the run began, an estimate of the time left
 * from the batches done so far, each node part way with its state and the step it is on, and the
 * health gate being awaited with its healthy streak and the values its last check saw.
 *
 * <p>The estimate is the mean time a batch has taken (from its start to the start of the next, so
 * that pauses count) times the batches left, less what the current batch has already taken: the
 * nodes of a batch roll together, so a batch, not a node, is what takes time. There is none before
 * the first batch is done.
 */
final class RunProgress {

  /** A node part way: its state, the step it is on (or null) and since when. */
  record NodeNow(String host, NodeState state, String step, String phase, Instant since) {}

  /** A gate being awaited, as its last check left it. */
  record GateNow(
      String gate,
      List<String> hosts,
      int healthyInARow,
      int consecutive,
      Duration elapsed,
      Duration timeout,
      String problem,
      List<Observation> observations) {}

  private String playbook = "";
  private boolean commit;
  private Instant started;
  private Instant finished;
  private int nodes;
  private int batches;
  private int batch;
  private final Map<String, NodeState> states = new LinkedHashMap<>();
  private final Map<String, NodeNow> inFlight = new LinkedHashMap<>();
  private final List<Duration> batchTimes = new ArrayList<>();
  private Instant batchStarted;
  private int batchesDone;
  private GateNow gate;

  /** Takes in one event. */
  void on(EventEnvelope envelope) {
    Instant time = envelope.time();
    RunEvent event = envelope.event();
    if (event instanceof RunEvent.RunStarted e) {
      playbook = e.playbook();
      commit = e.commit();
      started = time;
      nodes = e.nodes().size();
      batches = e.batches();
      e.nodes().forEach(n -> states.putIfAbsent(n, NodeState.PENDING));
    } else if (event instanceof RunEvent.BatchStarted e) {
      if (batchStarted != null) {
        batchTimes.add(Duration.between(batchStarted, time));
      }
      batchStarted = time;
      batch = e.number();
      batches = e.of();
      gate = null;
    } else if (event instanceof RunEvent.NodeStateChanged e) {
      states.put(e.host(), e.to());
      if (e.to().inFlight()) {
        NodeNow was = inFlight.get(e.host());
        inFlight.put(
            e.host(),
            new NodeNow(
                e.host(),
                e.to(),
                was == null ? null : was.step(),
                was == null ? null : was.phase(),
                time));
      } else {
        inFlight.remove(e.host());
      }
      if (e.to() == NodeState.DONE && batchDone()) {
        batchesDone = Math.max(batchesDone, batch);
      }
    } else if (event instanceof RunEvent.StepStarted e && e.host() != null) {
      NodeNow was = inFlight.get(e.host());
      if (was != null) {
        inFlight.put(
            e.host(), new NodeNow(e.host(), was.state(), e.step(), e.phase().key(), was.since()));
      }
    } else if (event instanceof RunEvent.StepFinished e && e.host() != null) {
      NodeNow was = inFlight.get(e.host());
      if (was != null) {
        inFlight.put(e.host(), new NodeNow(e.host(), was.state(), null, null, was.since()));
      }
    } else if (event instanceof RunEvent.GateProgress e) {
      gate =
          new GateNow(
              e.gate(),
              e.hosts(),
              e.healthyInARow(),
              e.consecutive(),
              e.elapsed(),
              e.timeout(),
              e.problem(),
              e.observations());
    } else if (event instanceof RunEvent.GatePassed || event instanceof RunEvent.GateFailed) {
      gate = null;
    } else if (event instanceof RunEvent.RunFinished || event instanceof RunEvent.DryRunFinished) {
      finished = time;
      gate = null;
      inFlight.clear();
    }
  }

  private boolean batchDone() {
    return inFlight.isEmpty();
  }

  String playbook() {
    return playbook;
  }

  boolean commit() {
    return commit;
  }

  boolean begun() {
    return started != null;
  }

  boolean over() {
    return finished != null;
  }

  int nodes() {
    return nodes;
  }

  /** Nodes done, or skipped on request: nodes this run has nothing left to do on. */
  int nodesDone() {
    return (int)
        states.values().stream().filter(s -> s == NodeState.DONE || s == NodeState.SKIPPED).count();
  }

  int batch() {
    return batch;
  }

  int batches() {
    return batches;
  }

  Duration elapsed(Instant now) {
    if (started == null) {
      return Duration.ZERO;
    }
    Instant end = finished != null ? finished : now;
    return end.isBefore(started) ? Duration.ZERO : Duration.between(started, end);
  }

  /** The time left, estimated from the batches done so far; empty before one is done. */
  Optional<Duration> remaining(Instant now) {
    if (finished != null || batchesDone == 0 || batches == 0) {
      return Optional.empty();
    }
    List<Duration> done = new ArrayList<>(batchTimes);
    if (batchesDone == batch && batchStarted != null && done.size() < batchesDone) {
      done.add(Duration.between(batchStarted, now));
    }
    if (done.isEmpty()) {
      return Optional.empty();
    }
    long meanMillis = done.stream().mapToLong(Duration::toMillis).sum() / done.size();
    int left = batches - batch;
    long current =
        batchesDone == batch || batchStarted == null
            ? 0
            : Math.max(0, meanMillis - Duration.between(batchStarted, now).toMillis());
    return Optional.of(Duration.ofMillis(meanMillis * left + current));
  }

  /** The nodes part way, in the order they began. */
  List<NodeNow> inFlight() {
    return List.copyOf(inFlight.values());
  }

  /** The gate being awaited, if one is. */
  Optional<GateNow> gate() {
    return Optional.ofNullable(gate);
  }
}

package dev.rollrun.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.journal.JournalHeader;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did, read back from its journal (or a dry run's record): who ran it where, with which
 * plan, how it ended, and per node when each step and each gate wait began and ended; the values
 * every gate check saw; what failed and the output it printed. A run that ended without a word
 * (killed, crashed) has no end: it is read up to its last record. What the report is made from.
 *
 * <p>Text in it comes from events, whose secret values were hidden before they were recorded; a
 * {@link Redactor} given to {@link #of} hides known values once more.
 */
public record RunHistory(
    JournalHeader header,
    String playbook,
    boolean commit,
    Instant started,
    Instant ended,
    String outcome,
    String message,
    List<String> continued,
    List<Node> nodes,
    List<Segment> cluster,
    List<Check> checks,
    List<Failure> failures,
    List<String> warnings) {

  /** How a run can end, as the report says it. */
  public static final String CRASHED = "ended without a word (killed or crashed)";

  /** One node: its final state, how long it took, and what happened on it, in time order. */
  public record Node(String host, int batch, String state, Duration took, List<Segment> segments) {}

  /**
   * A stretch of time on a node (or the cluster): a step ({@code kind} is its phase: {@code
   * pre-stop}, {@code stop}, ...), a wait for health ({@code health}), a pause ({@code pause}).
   *
   * @param end null when it never ended (the run stopped during it)
   */
  public record Segment(String kind, String label, Instant start, Instant end, boolean failed) {}

  /**
   * One check of a gate: the streak it made and what each condition was seen to be.
   *
   * @param values each condition's observation: {@code condition}, {@code host} (or null), {@code
   *     holds}, {@code value} (or null) and, for a cluster condition, each node's value
   */
  public record Check(
      Instant time, String gate, int healthyInARow, int consecutive, List<Seen> values) {}

  /** One condition in one check; {@code host} null for a cluster condition (its aggregate). */
  public record Seen(String condition, String host, boolean holds, String value) {}

  /** Something that failed, and the last lines it printed. */
  public record Failure(
      Instant time, String host, String what, String reason, List<String> output) {}

  private static final int OUTPUT_KEPT = 40;

  /** Reads a journal (or a dry run's record). */
  public static RunHistory of(Journal journal, Redactor redactor) {
    Reading reading = new Reading(redactor);
    for (JsonNode record : journal.records()) {
      reading.take(record);
    }
    return reading.history(journal.header());
  }

  public Duration took() {
    return ended == null || started == null ? Duration.ZERO : Duration.between(started, ended);
  }

  /** Whether the run ended as it should: done, or a dry run that found nothing wrong. */
  public boolean ok() {
    return outcome.equals("done") || outcome.equals("ready to roll");
  }

  private static final class Reading {
    private final Redactor redactor;
    private String playbook = "";
    private boolean commit;
    private Instant started;
    private Instant last;
    private String outcome;
    private String message;
    private final List<String> continued = new ArrayList<>();
    private final Map<String, NodeBuilder> nodes = new LinkedHashMap<>();
    private final List<Segment> cluster = new ArrayList<>();
    private final Map<String, Instant> clusterSteps = new LinkedHashMap<>();
    private final Map<String, Instant> gates = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, List<String>> output = new LinkedHashMap<>();
    private int batch;
    private boolean ended;

    Reading(Redactor redactor) {
      this.redactor = redactor;
    }

    private String text(JsonNode node, String field) {
      JsonNode value = node.path(field);
      return value.isNull() || value.isMissingNode() ? null : redactor.redact(value.asText());
    }

    private NodeBuilder node(String host) {
      return nodes.computeIfAbsent(host, NodeBuilder::new);
    }

    void take(JsonNode r) {
      String type = r.path("type").asText();
      Instant time = r.has("time") ? Instant.parse(r.path("time").asText()) : last;
      if (time != null) {
        last = time;
      }
      String host = text(r, "host");
      String step = text(r, "step");
      switch (type) {
        case "run-started" -> {
          playbook = text(r, "playbook");
          commit = r.path("commit").asBoolean();
          if (started == null) {
            started = time;
          }
          r.path("nodes").forEach(n -> node(n.asText()));
        }
        case "run-resumed" -> {
          continued.add(
              "continued by "
                  + text(r, "user")
                  + "@"
                  + text(r, "machine")
                  + " at "
                  + time
                  + (r.path("replan").asBoolean() ? " with a new plan" : ""));
          ended = false;
          outcome = null;
        }
        case "batch-started" -> {
          batch = r.path("batch").asInt();
          r.path("hosts").forEach(h -> node(h.asText()).batch = batch);
        }
        case "node-state-changed" -> {
          NodeBuilder n = node(host);
          String to = text(r, "to");
          n.state = to;
          if (to.equals("awaiting health")) {
            n.healthSince = time;
          } else if (n.healthSince != null) {
            n.segments.add(
                new Segment(
                    "health", "waiting for health", n.healthSince, time, to.equals("failed")));
            n.healthSince = null;
          }
          if (n.first == null && !to.equals("pending")) {
            n.first = time;
          }
          if (to.equals("done")) {
            n.done = time;
          }
        }
        case "step-started" -> {
          if (host == null) {
            clusterSteps.put(step, time);
          } else {
            NodeBuilder n = node(host);
            n.open.put(step, new Segment(text(r, "phase"), step, time, null, false));
            if (n.first == null) {
              n.first = time;
            }
          }
        }
        case "step-finished", "step-failed" -> {
          boolean failed = type.equals("step-failed");
          if (host == null) {
            Instant begun = clusterSteps.remove(step);
            cluster.add(
                new Segment(
                    "cluster step",
                    step,
                    begun != null ? begun : time.minusMillis(r.path("tookMs").asLong()),
                    time,
                    failed));
          } else {
            NodeBuilder n = node(host);
            Segment open = n.open.remove(step);
            String kind = open != null ? open.kind() : phaseOf(step);
            Instant begun =
                open != null ? open.start() : time.minusMillis(r.path("tookMs").asLong());
            n.segments.add(new Segment(kind, step, begun, time, failed));
          }
          if (failed) {
            failures.add(
                new Failure(
                    time,
                    host,
                    (host == null ? "cluster" : host) + ", step " + step,
                    text(r, "reason"),
                    output.getOrDefault(key(host, step), List.of())));
          }
          output.remove(key(host, step));
        }
        case "output-line" -> {
          List<String> lines = output.computeIfAbsent(key(host, step), k -> new ArrayList<>());
          lines.add(("stderr".equals(text(r, "stream")) ? "! " : "| ") + text(r, "line"));
          if (lines.size() > OUTPUT_KEPT) {
            lines.remove(0);
          }
        }
        case "gate-progress", "gate-passed", "gate-failed" -> {
          String gate = text(r, "gate");
          long elapsed =
              type.equals("gate-progress")
                  ? r.path("elapsedMs").asLong()
                  : r.path("tookMs").asLong();
          gates.putIfAbsent(gate, time.minusMillis(elapsed));
          List<Seen> values = new ArrayList<>();
          for (JsonNode o : r.path("observations")) {
            values.add(
                new Seen(
                    text(o, "condition"),
                    text(o, "host"),
                    o.path("holds").asBoolean(),
                    text(o, "value")));
            for (JsonNode n : o.path("nodes")) {
              if (n.has("value")) {
                values.add(new Seen(text(o, "condition"), text(n, "host"), true, text(n, "value")));
              }
            }
          }
          if (type.equals("gate-progress")) {
            checks.add(
                new Check(
                    time,
                    gate,
                    r.path("healthyInARow").asInt(),
                    r.path("consecutive").asInt(),
                    values));
          } else {
            boolean failed = type.equals("gate-failed");
            cluster.add(new Segment("gate", gate, gates.remove(gate), time, failed));
            if (failed) {
              List<String> lines = new ArrayList<>();
              for (JsonNode o : r.path("observations")) {
                o.path("output").forEach(l -> lines.add("| " + redactor.redact(l.asText())));
              }
              failures.add(new Failure(time, null, gate, text(r, "problem"), lines));
            }
          }
        }
        case "host-unreachable" ->
            failures.add(
                new Failure(
                    time, host, host + " could not be reached", text(r, "reason"), List.of()));
        case "pausing" ->
            cluster.add(
                new Segment(
                    "pause", "pause", time, time.plusMillis(r.path("durationMs").asLong()), false));
        case "warning" -> warnings.add(text(r, "message"));
        case "run-finished" -> {
          ended = true;
          outcome = text(r, "outcome").replace('-', ' ');
          message = text(r, "message");
          for (JsonNode n : r.path("nodes")) {
            NodeBuilder b = node(n.path("host").asText());
            b.state = n.path("state").asText();
            if (n.has("tookMs")) {
              b.took = Duration.ofMillis(n.path("tookMs").asLong());
            }
          }
        }
        case "dry-run-finished" -> {
          ended = true;
          boolean ready = r.path("ready").asBoolean();
          outcome = ready ? "ready to roll" : "would not start";
          List<String> problems = new ArrayList<>();
          r.path("problems").forEach(p -> problems.add(redactor.redact(p.asText())));
          message = problems.isEmpty() ? null : String.join("; ", problems);
        }
        default -> {
          // host-connected, stop-verdict, owned-saved: nothing the report draws
        }
      }
    }

    private static String key(String host, String step) {
      return host + "\u0000" + step;
    }

    /** {@code pre-stop[0]} -> {@code pre-stop}; {@code stop} -> {@code stop}. */
    private static String phaseOf(String step) {
      int bracket = step.indexOf('[');
      return bracket < 0 ? step : step.substring(0, bracket);
    }

    RunHistory history(JournalHeader header) {
      List<Node> built = new ArrayList<>();
      for (NodeBuilder n : nodes.values()) {
        List<Segment> segments = new ArrayList<>(n.segments);
        n.open.values().forEach(segments::add);
        if (n.healthSince != null) {
          segments.add(new Segment("health", "waiting for health", n.healthSince, null, false));
        }
        segments.sort(java.util.Comparator.comparing(Segment::start));
        Duration took =
            n.took != null
                ? n.took
                : n.first != null && n.done != null ? Duration.between(n.first, n.done) : null;
        built.add(new Node(n.host, n.batch, n.state, took, segments));
      }
      List<Segment> clusterSegments = new ArrayList<>(cluster);
      gates.forEach(
          (gate, since) -> clusterSegments.add(new Segment("gate", gate, since, null, false)));
      clusterSegments.sort(java.util.Comparator.comparing(Segment::start));
      Instant start = started != null ? started : header.started();
      return new RunHistory(
          header,
          playbook == null ? "" : playbook,
          commit,
          start,
          last,
          ended && outcome != null ? outcome : CRASHED,
          message,
          continued,
          built,
          clusterSegments,
          checks,
          failures,
          warnings);
    }
  }

  private static final class NodeBuilder {
    final String host;
    int batch;
    String state = "pending";
    Instant first;
    Instant done;
    Instant healthSince;
    Duration took;
    final List<Segment> segments = new ArrayList<>();
    final Map<String, Segment> open = new LinkedHashMap<>();

    NodeBuilder(String host) {
      this.host = host;
    }
  }

  /** The node of this name, if the run rolled it. */
  public Optional<Node> node(String host) {
    return nodes.stream().filter(n -> n.host().equals(host)).findFirst();
  }
}

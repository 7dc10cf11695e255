package dev.rollrun.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Writes every event of a run as one JSON object per line ({@code rollrun --events FILE}), flushed
 * line by line so that another program can follow the file as the roll goes. The format is {@code
 * schemas/events.schema.json}; {@link #FORMAT} is its version, written on every line.
 *
 * <p>Every line has {@code format}, {@code run} (the run id), {@code seq} (1, 2, ...), {@code time}
 * (ISO-8601, UTC) and {@code type} (e.g. {@code step-finished}), then the event's own fields.
 * Durations are whole milliseconds in fields ending {@code Ms}. Hosts are inventory names, steps
 * are step ids; no command text is ever written.
 */
public final class EventJsonLines implements RunListener, AutoCloseable {

  /** The version of the line format; a change that removes or renames a field raises it. */
  public static final int FORMAT = 1;

  private static final JsonFactory FACTORY = new JsonFactory();

  private final Writer out;
  private final boolean closeStream;

  /**
   * @param closeStream whether {@link #close()} closes {@code stream} (not for standard output)
   */
  public EventJsonLines(OutputStream stream, boolean closeStream) {
    this(new OutputStreamWriter(stream, StandardCharsets.UTF_8), closeStream);
  }

  /**
   * @param closeWriter whether {@link #close()} closes {@code out} (not for standard output)
   */
  public EventJsonLines(Writer out, boolean closeWriter) {
    this.out = out;
    this.closeStream = closeWriter;
  }

  @Override
  public synchronized void on(EventEnvelope envelope) {
    try {
      out.write(line(envelope));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the events: " + e.getMessage(), e);
    }
  }

  /** One event as its JSON line, without the line end. */
  public static String line(EventEnvelope envelope) {
    java.io.StringWriter text = new java.io.StringWriter(160);
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("format", FORMAT);
      json.writeStringField("run", envelope.runId());
      json.writeNumberField("seq", envelope.sequence());
      json.writeStringField("time", envelope.time().toString());
      fields(envelope.event(), json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The type name and fields of each kind of event; an unknown kind fails loudly. */
  private static void fields(RunEvent event, JsonGenerator json) throws IOException {
    if (event instanceof RunEvent.RunStarted e) {
      type(json, "run-started");
      json.writeStringField("playbook", e.playbook());
      json.writeStringField("digest", e.digest());
      json.writeBooleanField("commit", e.commit());
      json.writeNumberField("batches", e.batches());
      strings(json, "nodes", e.nodes());
      strings(json, "cluster", e.cluster());
    } else if (event instanceof RunEvent.HostConnected e) {
      type(json, "host-connected");
      json.writeStringField("host", e.host());
      json.writeStringField("endpoint", e.endpoint());
      millis(json, "tookMs", e.took());
    } else if (event instanceof RunEvent.HostUnreachable e) {
      type(json, "host-unreachable");
      json.writeStringField("host", e.host());
      json.writeStringField("reason", e.reason());
    } else if (event instanceof RunEvent.BatchStarted e) {
      type(json, "batch-started");
      json.writeNumberField("batch", e.number());
      json.writeNumberField("of", e.of());
      strings(json, "hosts", e.hosts());
    } else if (event instanceof RunEvent.NodeStateChanged e) {
      type(json, "node-state-changed");
      json.writeStringField("host", e.host());
      json.writeStringField("from", e.from().toString());
      json.writeStringField("to", e.to().toString());
      json.writeStringField("nextStep", e.nextStep());
    } else if (event instanceof RunEvent.StepStarted e) {
      type(json, "step-started");
      json.writeStringField("host", e.host());
      json.writeStringField("step", e.step());
      json.writeStringField("phase", e.phase().key());
      json.writeStringField("kind", e.kind());
    } else if (event instanceof RunEvent.OutputLine e) {
      type(json, "output-line");
      json.writeStringField("host", e.host());
      json.writeStringField("step", e.step());
      json.writeStringField("stream", e.stderr() ? "stderr" : "stdout");
      json.writeStringField("line", e.line());
    } else if (event instanceof RunEvent.StepFinished e) {
      type(json, "step-finished");
      json.writeStringField("host", e.host());
      json.writeStringField("step", e.step());
      millis(json, "tookMs", e.took());
    } else if (event instanceof RunEvent.StepFailed e) {
      type(json, "step-failed");
      json.writeStringField("host", e.host());
      json.writeStringField("step", e.step());
      millis(json, "tookMs", e.took());
      json.writeStringField("reason", e.reason());
      json.writeBooleanField("internal", e.internal());
    } else if (event instanceof RunEvent.GateProgress e) {
      type(json, "gate-progress");
      json.writeStringField("gate", e.gate());
      strings(json, "hosts", e.hosts());
      json.writeNumberField("healthyInARow", e.healthyInARow());
      json.writeNumberField("consecutive", e.consecutive());
      millis(json, "elapsedMs", e.elapsed());
      millis(json, "timeoutMs", e.timeout());
      json.writeStringField("problem", e.problem());
      observations(json, e.observations());
    } else if (event instanceof RunEvent.GatePassed e) {
      type(json, "gate-passed");
      json.writeStringField("gate", e.gate());
      strings(json, "hosts", e.hosts());
      millis(json, "tookMs", e.took());
      observations(json, e.observations());
    } else if (event instanceof RunEvent.GateFailed e) {
      type(json, "gate-failed");
      json.writeStringField("gate", e.gate());
      strings(json, "hosts", e.hosts());
      millis(json, "tookMs", e.took());
      json.writeStringField("problem", e.problem());
      observations(json, e.observations());
    } else if (event instanceof RunEvent.StopVerdict e) {
      type(json, "stop-verdict");
      json.writeStringField("host", e.host());
      json.writeStringField("check", e.check());
      json.writeBooleanField("safe", e.safe());
      json.writeStringField("reason", e.reason());
    } else if (event instanceof RunEvent.OwnedSaved e) {
      type(json, "owned-saved");
      json.writeStringField("host", e.host());
      json.writeStringField("step", e.step());
      json.writeStringField("saved", e.saved());
    } else if (event instanceof RunEvent.Pausing e) {
      type(json, "pausing");
      millis(json, "durationMs", e.duration());
    } else if (event instanceof RunEvent.Warning e) {
      type(json, "warning");
      json.writeStringField("message", e.message());
    } else if (event instanceof RunEvent.RunFinished e) {
      type(json, "run-finished");
      json.writeStringField(
          "outcome", e.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      json.writeArrayFieldStart("nodes");
      for (RunEvent.NodeSummary node : e.nodes()) {
        json.writeStartObject();
        json.writeStringField("host", node.host());
        json.writeStringField("state", node.state().toString());
        if (node.took() != null) {
          millis(json, "tookMs", node.took());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      millis(json, "tookMs", e.took());
      json.writeStringField("message", e.message());
    } else if (event instanceof RunEvent.DryRunFinished e) {
      type(json, "dry-run-finished");
      json.writeBooleanField("ready", e.problems().isEmpty());
      strings(json, "problems", e.problems());
      millis(json, "tookMs", e.took());
    } else {
      throw new IllegalStateException(
          "no JSON form for the event " + event.getClass().getSimpleName());
    }
  }

  private static void type(JsonGenerator json, String type) throws IOException {
    json.writeStringField("type", type);
  }

  private static void millis(JsonGenerator json, String field, Duration d) throws IOException {
    json.writeNumberField(field, d.toMillis());
  }

  /** Written only when there are some, so that events of gates without values stay as they were. */
  private static void observations(JsonGenerator json, List<Observation> observations)
      throws IOException {
    if (observations.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart("observations");
    for (Observation o : observations) {
      json.writeStartObject();
      json.writeStringField("condition", o.condition());
      json.writeStringField("host", o.host());
      json.writeBooleanField("holds", o.holds());
      if (o.aggregate() != null) {
        json.writeStringField("aggregate", o.aggregate());
      }
      json.writeStringField("value", o.value());
      if (o.problem() != null) {
        json.writeStringField("problem", o.problem());
      }
      if (!o.nodes().isEmpty()) {
        json.writeArrayFieldStart("nodes");
        for (Observation.NodeValue n : o.nodes()) {
          json.writeStartObject();
          json.writeStringField("host", n.host());
          if (n.value() != null) {
            json.writeStringField("value", n.value());
          }
          if (n.missing() != null) {
            json.writeStringField("missing", n.missing());
          }
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      if (!o.output().isEmpty()) {
        strings(json, "output", o.output());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void strings(JsonGenerator json, String field, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String v : values) {
      json.writeString(v);
    }
    json.writeEndArray();
  }

  @Override
  public synchronized void close() {
    try {
      out.flush();
      if (closeStream) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the events: " + e.getMessage(), e);
    }
  }
}

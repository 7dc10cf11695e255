package dev.rollrun.core.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rollrun.api.Host;
import dev.rollrun.core.text.Durations;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The plan as JSON: the format of {@code rollrun plan --format json} and, compact and without the
 * digest, the bytes the digest is computed from (with {@code file} and {@code inventory} named as
 * {@link SourceNames} says, see {@link Planner}). Secrets appear only as {@code <secret:NAME>}.
 * Field order is fixed. Written as a stream: a 5,000-node plan is never held as a tree.
 *
 * <p>Every kind of step and condition has its own method; a kind without one fails loudly rather
 * than being written as {@code {}}, which would leave it out of the digest too.
 */
public final class PlanJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private PlanJson() {}

  /** The plan as indented JSON with its digest, or compact without it. */
  public static String toJson(RolloutPlan plan, boolean pretty) {
    StringWriter out = new StringWriter(1024 + plan.nodeCount() * 1024);
    write(plan, out, pretty);
    return out.toString();
  }

  static void write(RolloutPlan plan, Writer out, boolean pretty) {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      if (pretty) {
        json.useDefaultPrettyPrinter();
      }
      write(plan, json, pretty);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The canonical form the digest hashes: compact, UTF-8, without the digest itself. */
  static void writeCanonical(RolloutPlan plan, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      write(plan, json, false);
    }
  }

  private static void write(RolloutPlan plan, JsonGenerator json, boolean withDigest)
      throws IOException {
    json.writeStartObject();
    if (withDigest) {
      json.writeStringField("digest", plan.digest());
    }
    json.writeStringField("playbook", plan.playbookName());
    json.writeStringField("file", plan.playbookFile());
    json.writeStringField("cluster", plan.cluster());
    json.writeStringField("inventory", plan.inventorySource());
    json.writeStringField("selection", plan.selection());
    json.writeNumberField("nodes", plan.nodeCount());
    json.writeObjectFieldStart("rollout");
    json.writeStringField("batch", plan.ramp());
    json.writeStringField("pause", Durations.format(plan.pause()));
    json.writeEndObject();
    json.writeFieldName("pre-cluster");
    steps(json, plan.preCluster());
    json.writeArrayFieldStart("batches");
    for (Batch batch : plan.batches()) {
      json.writeStartObject();
      json.writeNumberField("batch", batch.number());
      json.writeArrayFieldStart("nodes");
      for (NodePlan node : batch.nodes()) {
        json.writeStartObject();
        json.writeFieldName("host");
        host(json, node.host());
        json.writeFieldName("steps");
        steps(json, node.steps());
        if (node.health() != null) {
          json.writeFieldName("health");
          gate(json, node.health());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeFieldName("post-cluster");
    steps(json, plan.postCluster());
    if (!plan.onFailure().isEmpty()) {
      // Only when there are such steps, so that plans without them keep their digest.
      json.writeFieldName("on-failure");
      steps(json, plan.onFailure());
    }
    if (!plan.bystanders().isEmpty()) {
      // Only when --limit leaves nodes out, so that plans without a limit keep their digest.
      json.writeArrayFieldStart("bystanders");
      for (NodePlan node : plan.bystanders()) {
        json.writeStartObject();
        json.writeFieldName("host");
        host(json, node.host());
        if (node.health() != null) {
          json.writeFieldName("health");
          gate(json, node.health());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private static void host(JsonGenerator json, Host host) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", host.name());
    json.writeStringField("address", host.address());
    if (host.port() > 0) {
      json.writeNumberField("port", host.port());
    }
    if (host.user() != null) {
      json.writeStringField("user", host.user());
    }
    json.writeArrayFieldStart("roles");
    for (String role : host.roles()) {
      json.writeString(role);
    }
    json.writeEndArray();
    if (host.rack() != null) {
      json.writeStringField("rack", host.rack());
    }
    if (host.zone() != null) {
      json.writeStringField("zone", host.zone());
    }
    json.writeEndObject();
  }

  private static void steps(JsonGenerator json, List<PlannedStep> steps) throws IOException {
    json.writeStartArray();
    for (PlannedStep step : steps) {
      json.writeStartObject();
      json.writeStringField("phase", step.phase().key());
      json.writeStringField("kind", step.kind());
      if (step.name() != null) {
        json.writeStringField("name", step.name());
      }
      if (step instanceof PlannedStep.Run run) {
        run(json, run);
      } else if (step instanceof PlannedStep.Owned owned) {
        json.writeStringField("command", owned.command().shown());
        if (owned.sudo()) {
          json.writeBooleanField("sudo", true);
        }
        timeout(json, owned.timeout());
        json.writeStringField(owned.restoring() ? "restores" : "restored-by", owned.partner());
      } else if (step instanceof PlannedStep.Instance instance) {
        json.writeStringField("command", instance.command().shown());
      } else if (step instanceof PlannedStep.Local local) {
        local(json, local);
      } else if (step instanceof PlannedStep.Wait wait) {
        json.writeStringField("duration", Durations.format(wait.duration()));
      } else if (step instanceof PlannedStep.Gate gate) {
        json.writeFieldName("gate");
        gate(json, gate.gate());
      } else if (step instanceof PlannedStep.Task task) {
        json.writeStringField("task", task.task());
        args(json, task.shownArgs());
        timeout(json, task.timeout());
      } else if (step instanceof PlannedStep.Js js) {
        json.writeStringField("js", js.file());
        args(json, js.shownArgs());
        timeout(json, js.timeout());
      } else if (step instanceof PlannedStep.SafeToStop check) {
        json.writeStringField("behaviour", check.behaviour());
        json.writeStringField("check", check.name());
      } else if (step instanceof PlannedStep.Wrapper wrapper) {
        json.writeStringField("behaviour", wrapper.behaviour());
        json.writeStringField("wrapper", wrapper.name());
        json.writeStringField("side", wrapper.before() ? "before-stop" : "after-start");
      } else {
        throw new IllegalStateException("unknown step kind " + step.getClass().getName());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void run(JsonGenerator json, PlannedStep.Run run) throws IOException {
    json.writeStringField("command", run.command().shown());
    if (run.sudo()) {
      json.writeBooleanField("sudo", true);
    }
    if (run.timeout() != null) {
      json.writeStringField("timeout", Durations.format(run.timeout()));
    }
  }

  /** A task's arguments as shown (secrets as {@code <secret:NAME>}), in the order written. */
  private static void args(JsonGenerator json, Map<String, Object> args) throws IOException {
    if (!args.isEmpty()) {
      json.writeFieldName("args");
      value(json, args);
    }
  }

  private static void value(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeFieldName(String.valueOf(entry.getKey()));
        value(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object item : list) {
        value(json, item);
      }
      json.writeEndArray();
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number n) {
      json.writeNumber(n.doubleValue());
    } else if (value == null) {
      json.writeNull();
    } else {
      json.writeString(String.valueOf(value));
    }
  }

  private static void timeout(JsonGenerator json, java.time.Duration timeout) throws IOException {
    if (timeout != null) {
      json.writeStringField("timeout", Durations.format(timeout));
    }
  }

  private static void local(JsonGenerator json, PlannedStep.Local local) throws IOException {
    json.writeStringField("command", local.command().shown());
    if (local.timeout() != null) {
      json.writeStringField("timeout", Durations.format(local.timeout()));
    }
  }

  private static void gate(JsonGenerator json, PlannedGate gate) throws IOException {
    json.writeStartObject();
    json.writeStringField("interval", Durations.format(gate.interval()));
    json.writeNumberField("consecutive", gate.consecutive());
    json.writeStringField("timeout", Durations.format(gate.timeout()));
    if (!gate.settle().isZero()) {
      json.writeStringField("settle", Durations.format(gate.settle()));
    }
    json.writeArrayFieldStart("all");
    for (PlannedCondition condition : gate.conditions()) {
      condition(json, condition);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void condition(JsonGenerator json, PlannedCondition condition) throws IOException {
    json.writeStartObject();
    if (condition instanceof PlannedCondition.CommandCheck command) {
      commandCheck(json, command);
    } else if (condition instanceof PlannedCondition.TcpCheck tcp) {
      tcpCheck(json, tcp);
    } else if (condition instanceof PlannedCondition.HttpCheck http) {
      httpCheck(json, http);
    } else if (condition instanceof PlannedCondition.JmxCheck jmx) {
      jmxCheck(json, jmx);
    } else if (condition instanceof PlannedCondition.ClusterCheck cluster) {
      clusterCheck(json, cluster);
    } else if (condition instanceof PlannedCondition.AllOf all) {
      json.writeArrayFieldStart("all");
      for (PlannedCondition c : all.conditions()) {
        condition(json, c);
      }
      json.writeEndArray();
    } else if (condition instanceof PlannedCondition.AnyOf any) {
      json.writeArrayFieldStart("any");
      for (PlannedCondition c : any.conditions()) {
        condition(json, c);
      }
      json.writeEndArray();
    } else {
      throw new IllegalStateException("unknown condition kind " + condition.getClass().getName());
    }
    json.writeEndObject();
  }

  private static void httpCheck(JsonGenerator json, PlannedCondition.HttpCheck http)
      throws IOException {
    json.writeObjectFieldStart("http");
    if (http.name() != null) {
      json.writeStringField("name", http.name());
    }
    json.writeStringField("method", http.method());
    json.writeStringField("url", http.url().shown());
    if (http.body() != null) {
      json.writeStringField("body", http.body().shown());
    }
    if (!http.headers().isEmpty()) {
      json.writeObjectFieldStart("headers");
      for (var header : http.headers().entrySet()) {
        json.writeStringField(header.getKey(), header.getValue().shown());
      }
      json.writeEndObject();
    }
    if (http.user() != null) {
      json.writeStringField("user", http.user().shown());
      json.writeStringField("password", http.password() == null ? "" : http.password().shown());
    }
    if (http.token() != null) {
      json.writeStringField("token", http.token().shown());
    }
    if (http.ca() != null) {
      json.writeStringField("ca", http.ca());
    }
    if (http.insecure()) {
      json.writeBooleanField("insecure", true);
    }
    json.writeStringField("timeout", Durations.format(http.timeout()));
    json.writeArrayFieldStart("status");
    for (int status : http.status()) {
      json.writeNumber(status);
    }
    json.writeEndArray();
    if (!http.json().isEmpty()) {
      json.writeArrayFieldStart("json");
      for (var check : http.json()) {
        json.writeString(check.describe());
      }
      json.writeEndArray();
    }
    if (http.value() != null) {
      json.writeStringField("value", http.value());
    }
    json.writeStringField("via", http.via().key());
    json.writeEndObject();
  }

  private static void jmxCheck(JsonGenerator json, PlannedCondition.JmxCheck jmx)
      throws IOException {
    json.writeObjectFieldStart("jmx");
    if (jmx.name() != null) {
      json.writeStringField("name", jmx.name());
    }
    json.writeStringField("host", jmx.host());
    json.writeNumberField("port", jmx.port());
    json.writeStringField("mbean", jmx.mbean());
    json.writeStringField("attribute", jmx.attribute());
    if (jmx.user() != null) {
      json.writeStringField("user", jmx.user().shown());
      json.writeStringField("password", jmx.password() == null ? "" : jmx.password().shown());
    }
    if (jmx.ssl()) {
      json.writeBooleanField("ssl", true);
    }
    if (!jmx.comparisons().isEmpty()) {
      json.writeStringField(
          "compare",
          String.join(
              " and ",
              jmx.comparisons().stream()
                  .map(dev.rollrun.core.config.Comparison::describe)
                  .toList()));
    }
    json.writeStringField("via", jmx.via().key());
    json.writeEndObject();
  }

  private static void clusterCheck(JsonGenerator json, PlannedCondition.ClusterCheck cluster)
      throws IOException {
    json.writeObjectFieldStart("cluster");
    if (cluster.name() != null) {
      json.writeStringField("name", cluster.name());
    }
    json.writeStringField("across", cluster.across());
    json.writeStringField("aggregate", cluster.aggregate().key());
    if (!cluster.comparisons().isEmpty()) {
      json.writeStringField(
          "compare",
          String.join(
              " and ",
              cluster.comparisons().stream()
                  .map(dev.rollrun.core.config.Comparison::describe)
                  .toList()));
    }
    json.writeArrayFieldStart("nodes");
    for (var member : cluster.members()) {
      json.writeStartObject();
      json.writeStringField("host", member.host().name());
      json.writeFieldName("condition");
      condition(json, member.condition());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void commandCheck(JsonGenerator json, PlannedCondition.CommandCheck command)
      throws IOException {
    json.writeObjectFieldStart("command");
    json.writeStringField("run", command.run().shown());
    json.writeStringField("on", command.on().key());
    json.writeNumberField("exit", command.exit());
    if (command.output() != null) {
      json.writeStringField("output", command.output().shown());
    }
    if (command.sudo()) {
      json.writeBooleanField("sudo", true);
    }
    json.writeEndObject();
  }

  private static void tcpCheck(JsonGenerator json, PlannedCondition.TcpCheck tcp)
      throws IOException {
    json.writeObjectFieldStart("tcp");
    json.writeStringField("host", tcp.host());
    json.writeNumberField("port", tcp.port());
    json.writeStringField("from", tcp.from().key());
    json.writeEndObject();
  }
}

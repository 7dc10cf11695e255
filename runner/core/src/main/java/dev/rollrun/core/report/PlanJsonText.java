package dev.rollrun.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parts of a JSON plan ({@code rollrun plan --format json}, {@code --out}) in the words of the text
 * plan, for comparing a plan written earlier with one made now: a step as {@code run [drain] curl
 * ... (timeout 30s)}, a gate as {@code every 5s, 3 in a row, timeout 10m}, a condition as {@code
 * tcp 10.0.0.1:8080 from local}. A kind this version does not know is written field by field, never
 * left out: an older or newer plan is still compared in full.
 */
final class PlanJsonText {

  /** Every host of the plan by name: a condition across nodes names its members only. */
  private final Map<String, Host> hosts;

  /** Each condition across nodes described once: every node of a plan repeats it. */
  private final Map<JsonNode, String> clusters = new java.util.HashMap<>();

  PlanJsonText(Map<String, Host> hosts) {
    this.hosts = Map.copyOf(hosts);
  }

  /** The host of a node, as far as the plan says. */
  static Host host(JsonNode host) {
    List<String> roles = new ArrayList<>();
    host.path("roles").forEach(r -> roles.add(r.asText()));
    return new Host(
        host.path("name").asText(),
        host.path("address").asText(),
        host.path("port").asInt(0),
        text(host, "user"),
        null,
        roles,
        text(host, "rack"),
        text(host, "zone"),
        Map.of());
  }

  /** The fields of a host that can change, each as {@code field value}. */
  static Map<String, String> hostFields(JsonNode host) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("address", host.path("address").asText());
    fields.put("port", host.has("port") ? host.get("port").asText() : "(ssh_config)");
    fields.put("user", host.has("user") ? host.get("user").asText() : "(ssh_config)");
    List<String> roles = new ArrayList<>();
    host.path("roles").forEach(r -> roles.add(r.asText()));
    fields.put("roles", roles.isEmpty() ? "(none)" : String.join(",", roles));
    fields.put("rack", host.has("rack") ? host.get("rack").asText() : "(none)");
    fields.put("zone", host.has("zone") ? host.get("zone").asText() : "(none)");
    return fields;
  }

  /** {@code run [drain] sudo curl ... (timeout 30s)}: a step without its phase. */
  String step(JsonNode step) {
    StringBuilder text = new StringBuilder(step.path("kind").asText("?"));
    if (step.hasNonNull("name")) {
      text.append(" [").append(step.get("name").asText()).append(']');
    }
    text.append(' ');
    Map<String, JsonNode> rest = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = step.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!List.of("phase", "kind", "name", "timeout", "sudo", "restores", "restored-by")
          .contains(field.getKey())) {
        rest.put(field.getKey(), field.getValue());
      }
    }
    if (rest.containsKey("command")) {
      text.append(step.path("sudo").asBoolean() ? "sudo " : "")
          .append(rest.remove("command").asText());
    } else if (rest.containsKey("duration")) {
      text.append(rest.remove("duration").asText());
    } else if (rest.containsKey("gate")) {
      text.append(gateStep(rest.remove("gate")));
    } else if (rest.containsKey("task")) {
      text.append(rest.remove("task").asText()).append(args(rest.remove("args")));
    } else if (rest.containsKey("js")) {
      text.append(rest.remove("js").asText()).append(args(rest.remove("args")));
    }
    if (!rest.isEmpty()) {
      List<String> fields = new ArrayList<>();
      rest.forEach((k, v) -> fields.add(k + ": " + flow(v)));
      text.append(text.charAt(text.length() - 1) == ' ' ? "" : " ")
          .append(String.join(", ", fields));
    }
    if (step.has("timeout")) {
      text.append(" (timeout ").append(step.get("timeout").asText()).append(')');
    }
    return text.toString().strip();
  }

  /** A gate's timing: {@code every 5s, 3 in a row, timeout 10m}. */
  static String gateTiming(JsonNode gate) {
    StringBuilder text =
        new StringBuilder("every ")
            .append(gate.path("interval").asText())
            .append(", ")
            .append(gate.path("consecutive").asText())
            .append(" in a row, timeout ")
            .append(gate.path("timeout").asText());
    if (gate.has("settle")) {
      text.append(", settle ").append(gate.get("settle").asText());
    }
    return text.toString();
  }

  /** A gate step in one line: its timing, then its conditions. */
  private String gateStep(JsonNode gate) {
    List<String> conditions = new ArrayList<>();
    gate.path("all").forEach(c -> conditions.add(condition(c)));
    return gateTiming(gate) + ": " + String.join("; ", conditions);
  }

  /** A condition in one line, as the text plan writes it. */
  String condition(JsonNode condition) {
    if (condition.has("tcp")) {
      JsonNode tcp = condition.get("tcp");
      return "tcp "
          + tcp.path("host").asText()
          + ":"
          + tcp.path("port").asText()
          + " from "
          + tcp.path("from").asText();
    }
    if (condition.has("command")) {
      JsonNode c = condition.get("command");
      return "command on "
          + c.path("on").asText()
          + ": "
          + (c.path("sudo").asBoolean() ? "sudo " : "")
          + c.path("run").asText()
          + " (exit "
          + c.path("exit").asText()
          + (c.has("output") ? ", output matches /" + c.get("output").asText() + "/" : "")
          + ")";
    }
    if (condition.has("http")) {
      JsonNode h = condition.get("http");
      StringBuilder text =
          new StringBuilder("http ")
              .append(h.path("method").asText())
              .append(' ')
              .append(h.path("url").asText());
      if ("ssh".equals(h.path("via").asText())) {
        text.append(" via ssh");
      }
      List<String> status = new ArrayList<>();
      h.path("status").forEach(s -> status.add(s.asText()));
      text.append(" (status ").append(String.join("|", status));
      h.path("json").forEach(j -> text.append(", ").append(j.asText()));
      if (h.has("value")) {
        text.append(", value ").append(h.get("value").asText());
      }
      for (String more : List.of("name", "body", "headers", "user", "token", "ca", "timeout")) {
        if (h.has(more)) {
          text.append(", ").append(more).append(' ').append(flow(h.get(more)));
        }
      }
      if (h.path("insecure").asBoolean()) {
        text.append(", insecure TLS");
      }
      return text.append(')').toString();
    }
    if (condition.has("jmx")) {
      JsonNode j = condition.get("jmx");
      return "jmx "
          + j.path("host").asText()
          + ":"
          + j.path("port").asText()
          + ("ssh".equals(j.path("via").asText()) ? " via ssh" : "")
          + " "
          + j.path("mbean").asText()
          + " "
          + j.path("attribute").asText()
          + (j.has("compare") ? " " + j.get("compare").asText() : "")
          + (j.has("user") ? " (as " + j.get("user").asText() + ")" : "")
          + (j.path("ssl").asBoolean() ? " (ssl)" : "");
    }
    if (condition.has("cluster")) {
      return clusters.computeIfAbsent(condition.get("cluster"), this::cluster);
    }
    if (condition.has("all") || condition.has("any")) {
      String key = condition.has("all") ? "all" : "any";
      List<String> parts = new ArrayList<>();
      condition.get(key).forEach(c -> parts.add(condition(c)));
      return key + " of: " + String.join("; ", parts);
    }
    return flow(condition);
  }

  /**
   * {@code sum == 0 across all nodes (3 nodes) of: jmx <host.address>:9999 ...}: each node's part
   * once, with its name and address as placeholders, and which nodes it is for when they differ.
   */
  private String cluster(JsonNode cluster) {
    Map<String, List<String>> parts = new LinkedHashMap<>();
    JsonNode nodes = cluster.path("nodes");
    for (JsonNode member : nodes) {
      String name = member.path("host").asText();
      String part = condition(member.path("condition"));
      Host host = hosts.get(name);
      part = host == null ? part : HostFields.abstracted(host, part);
      parts.computeIfAbsent(part, p -> new ArrayList<>()).add(name);
    }
    StringBuilder text = new StringBuilder(cluster.path("aggregate").asText());
    if (cluster.has("compare")) {
      text.append(' ').append(cluster.get("compare").asText());
    }
    text.append(" across ")
        .append(cluster.path("across").asText())
        .append(" (")
        .append(nodes.size())
        .append(nodes.size() == 1 ? " node" : " nodes")
        .append(") of: ");
    if (parts.isEmpty()) {
      return text.append("nothing").toString();
    }
    List<String> each = new ArrayList<>();
    parts.forEach(
        (part, names) ->
            each.add(parts.size() == 1 ? part : part + " (" + PlanSummary.on(names) + ")"));
    return text.append(String.join("; ", each)).toString();
  }

  private String args(JsonNode args) {
    return args == null || args.isMissingNode() ? "" : " " + flow(args);
  }

  /** A JSON value as YAML's flow style writes it: {@code {a: 1, b: [x, y]}}. */
  static String flow(JsonNode value) {
    if (value.isObject()) {
      List<String> fields = new ArrayList<>();
      value.fields().forEachRemaining(e -> fields.add(e.getKey() + ": " + flow(e.getValue())));
      return "{" + String.join(", ", fields) + "}";
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(flow(v)));
      return "[" + String.join(", ", items) + "]";
    }
    return value.asText();
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}

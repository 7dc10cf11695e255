package dev.rollrun.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.text.Durations;
import dev.rollrun.core.text.RegularExpressions;
import dev.rollrun.core.yaml.YamlDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads the conditions of a health gate ({@code command:}, {@code tcp:}, {@code http:}, {@code
 * jmx:}, and {@code all:}/{@code any:} groups of them), checking what the schema cannot: JSONPath
 * expressions and ObjectNames that parse, comparisons of the right type, aggregates over values
 * that can be aggregated. Every problem is collected with its position.
 */
final class ConditionReader {

  static final List<String> KINDS = List.of("command", "tcp", "http", "jmx", "all", "any");
  static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(5);

  private final ProblemCollector problems;

  ConditionReader(ProblemCollector problems) {
    this.problems = problems;
  }

  /** The conditions of the list at {@code pointer}. */
  List<ConditionSpec> list(YamlDocument d, String pointer) {
    List<ConditionSpec> conditions = new ArrayList<>();
    JsonNode list = d.root().at(pointer);
    for (int i = 0; i < list.size(); i++) {
      ConditionSpec condition = condition(d, pointer + "/" + i);
      if (condition != null) {
        conditions.add(condition);
      }
    }
    return conditions;
  }

  private ConditionSpec condition(YamlDocument d, String p) {
    JsonNode condition = d.root().at(p);
    if (condition.has("command")) {
      return maybeCluster(d, p + "/command", command(d, p + "/command"), true);
    } else if (condition.has("tcp")) {
      return maybeCluster(d, p + "/tcp", tcp(d, p + "/tcp"), false);
    } else if (condition.has("http")) {
      return maybeCluster(d, p + "/http", http(d, p + "/http"), true);
    } else if (condition.has("jmx")) {
      return maybeCluster(d, p + "/jmx", jmx(d, p + "/jmx"), true);
    } else if (condition.has("all")) {
      return new ConditionSpec.AllOf(list(d, p + "/all"), d.keyPosition(p + "/all"));
    } else if (condition.has("any")) {
      return new ConditionSpec.AnyOf(list(d, p + "/any"), d.keyPosition(p + "/any"));
    }
    return null;
  }

  private ConditionSpec command(YamlDocument d, String pointer) {
    JsonNode node = d.root().at(pointer);
    Template output = PlaybookReader.optionalTemplate(d, pointer + "/output");
    if (output != null && !output.isTemplated()) {
      RegularExpressions.check(output.source())
          .ifPresent(problem -> problems.add(output.position(), problem));
    }
    return new ConditionSpec.Command(
        PlaybookReader.template(d, pointer + "/run"),
        Where.fromKey(node.path("on").asText("node")),
        node.path("exit").asInt(0),
        output,
        node.path("sudo").asBoolean(false),
        d.keyPosition(pointer));
  }

  private ConditionSpec tcp(YamlDocument d, String pointer) {
    JsonNode node = d.root().at(pointer);
    JsonNode port = node.path("port");
    if (port.isTextual() && !PlaybookReader.template(d, pointer + "/port").isTemplated()) {
      problems.add(
          d.valuePosition(pointer + "/port"),
          PlaybookReader.label(pointer + "/port")
              + ": \""
              + port.asText()
              + "\" is not a port number; write a number from 1 to 65535 or a template such as"
              + " \"{{ host.vars.http_port }}\"");
    }
    return new ConditionSpec.Tcp(
        PlaybookReader.template(d, pointer + "/port"),
        PlaybookReader.optionalTemplate(d, pointer + "/host"),
        node.path("from").asText("local").equals("node") ? Where.NODE : Where.LOCAL,
        d.keyPosition(pointer));
  }

  private ConditionSpec http(YamlDocument d, String pointer) {
    JsonNode node = d.root().at(pointer);
    Map<String, Template> headers = new LinkedHashMap<>();
    node.path("headers")
        .fieldNames()
        .forEachRemaining(
            h ->
                headers.put(
                    h, PlaybookReader.template(d, YamlDocument.child(pointer + "/headers", h))));
    List<Integer> status = new ArrayList<>();
    JsonNode statusNode = node.path("status");
    if (statusNode.isArray()) {
      statusNode.forEach(s -> status.add(s.asInt()));
    } else if (statusNode.isInt()) {
      status.add(statusNode.asInt());
    } else {
      status.add(200);
    }
    List<JsonCheck> json = new ArrayList<>();
    JsonNode jsonNode = node.path("json");
    for (int i = 0; i < jsonNode.size(); i++) {
      String p = pointer + "/json/" + i;
      String path = jsonNode.get(i).path("path").asText();
      checkJsonPath(d, p + "/path", path);
      List<Comparison> comparisons = comparisons(d, p, true);
      if (comparisons.isEmpty()) {
        comparisons = List.of(new Comparison(Comparison.Operator.EXISTS, true, d.keyPosition(p)));
      }
      json.add(new JsonCheck(path, comparisons, d.valuePosition(p)));
    }
    String value = node.has("value") ? node.path("value").asText() : null;
    if (value != null) {
      checkJsonPath(d, pointer + "/value", value);
    }
    List<Comparison> own = comparisons(d, pointer, true);
    if (!own.isEmpty() && value != null) {
      json.add(new JsonCheck(value, own, d.valuePosition(pointer + "/value")));
    }
    if (!own.isEmpty() && value == null) {
      problems.add(
          own.get(0).position(),
          PlaybookReader.label(pointer)
              + ": "
              + own.get(0).operator().key()
              + ": compares the value, but this http condition has none; add value: with a"
              + " JSONPath (value: \"$.value\"), or put the comparison under json:");
    }
    boolean basic = node.has("user") || node.has("password");
    if (basic && node.has("token")) {
      problems.add(
          d.keyPosition(pointer + "/token"),
          PlaybookReader.label(pointer) + ": basic authentication (user:) or a token:, not both");
    }
    if (node.has("insecure") && node.path("insecure").asBoolean() && node.has("ca")) {
      problems.add(
          d.keyPosition(pointer + "/insecure"),
          PlaybookReader.label(pointer)
              + ": insecure: true trusts any certificate, so ca: would not count; keep one");
    }
    return new ConditionSpec.Http(
        text(node, "name"),
        PlaybookReader.template(d, pointer + "/url"),
        node.path("method").asText(node.has("body") ? "POST" : "GET"),
        PlaybookReader.optionalTemplate(d, pointer + "/body"),
        headers,
        PlaybookReader.optionalTemplate(d, pointer + "/user"),
        PlaybookReader.optionalTemplate(d, pointer + "/password"),
        PlaybookReader.optionalTemplate(d, pointer + "/token"),
        PlaybookReader.optionalTemplate(d, pointer + "/ca"),
        node.path("insecure").asBoolean(false),
        node.has("timeout") ? duration(d, pointer + "/timeout") : DEFAULT_HTTP_TIMEOUT,
        status,
        json,
        value,
        Via.fromKey(node.path("via").asText("direct")),
        d.keyPosition(pointer));
  }

  private ConditionSpec jmx(YamlDocument d, String pointer) {
    JsonNode node = d.root().at(pointer);
    Template mbean = PlaybookReader.template(d, pointer + "/mbean");
    if (!mbean.isTemplated()) {
      try {
        new ObjectName(mbean.source());
      } catch (MalformedObjectNameException e) {
        problems.add(
            mbean.position(),
            PlaybookReader.label(pointer + "/mbean")
                + ": \""
                + mbean.source()
                + "\" is not an ObjectName ("
                + e.getMessage()
                + "); write domain:key=value[,key=value], e.g."
                + " kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions");
      }
    }
    JsonNode port = node.path("port");
    if (port.isTextual() && !PlaybookReader.template(d, pointer + "/port").isTemplated()) {
      problems.add(
          d.valuePosition(pointer + "/port"),
          PlaybookReader.label(pointer + "/port")
              + ": \""
              + port.asText()
              + "\" is not a port number; write a number or a template such as"
              + " \"{{ host.vars.jmx_port }}\"");
    }
    return new ConditionSpec.Jmx(
        text(node, "name"),
        PlaybookReader.optionalTemplate(d, pointer + "/host"),
        PlaybookReader.optionalTemplate(d, pointer + "/port"),
        mbean,
        node.path("attribute").asText(),
        PlaybookReader.optionalTemplate(d, pointer + "/user"),
        PlaybookReader.optionalTemplate(d, pointer + "/password"),
        node.path("ssl").asBoolean(false),
        Via.fromKey(node.path("via").asText("direct")),
        comparisons(d, pointer, false),
        d.keyPosition(pointer));
  }

  /**
   * The condition itself, or, when it says {@code across:}, a cluster condition over it with its
   * aggregate. Comparisons written beside the condition belong to each node, those under the
   * aggregate to the result.
   */
  private ConditionSpec maybeCluster(
      YamlDocument d, String pointer, ConditionSpec condition, boolean givesValue) {
    JsonNode node = d.root().at(pointer);
    List<String> aggregates = new ArrayList<>();
    for (Aggregate a : Aggregate.values()) {
      if (node.has(a.key())) {
        aggregates.add(a.key());
      }
    }
    String label = PlaybookReader.label(pointer);
    if (!node.has("across")) {
      if (!aggregates.isEmpty()) {
        problems.add(
            d.keyPosition(pointer + "/" + aggregates.get(0)),
            label
                + ": "
                + aggregates.get(0)
                + ": combines the values of several nodes; say which with across: (all-nodes,"
                + " {nodes-in-role: ROLE} or {these: [HOST, ...]})");
      }
      return condition;
    }
    if (aggregates.size() != 1) {
      problems.add(
          d.keyPosition(pointer + "/across"),
          label
              + (aggregates.isEmpty()
                  ? ": across: needs one aggregate: sum, max, min, count (each with a comparison),"
                      + " all: true or any: true"
                  : ": one aggregate per condition, found " + String.join(" and ", aggregates)));
      return condition;
    }
    Aggregate aggregate = Aggregate.fromKey(aggregates.get(0)).orElseThrow();
    String ap = pointer + "/" + aggregate.key();
    List<Comparison> comparisons = List.of();
    if (aggregate.isNumeric()) {
      comparisons = comparisons(d, ap, false);
      if (comparisons.isEmpty()) {
        problems.add(
            d.valuePosition(ap),
            PlaybookReader.label(ap)
                + ": needs a comparison for the "
                + aggregate.key()
                + ", e.g. "
                + aggregate.key()
                + ": {equals: 0}");
      }
      for (Comparison c : comparisons) {
        if (!numericComparison(c)) {
          problems.add(
              c.position(),
              PlaybookReader.label(ap)
                  + ": the "
                  + aggregate.key()
                  + " is a number, so "
                  + c.operator().key()
                  + ": "
                  + Comparison.format(c.operand())
                  + " can never hold; compare it with a number (equals, not-equals, in, <, <=,"
                  + " >, >=)");
        }
      }
    } else if (!d.root().at(ap).asBoolean(false)) {
      problems.add(
          d.valuePosition(ap),
          PlaybookReader.label(ap) + ": write " + aggregate.key() + ": true (or leave it out)");
    }
    if (aggregate.needsNumbers()) {
      String missing = valueMissing(condition, givesValue);
      if (missing != null) {
        problems.add(
            d.keyPosition(ap),
            label
                + ": "
                + aggregate.key()
                + " adds up the nodes' values, but "
                + missing
                + "; use all: true, any: true or count: instead");
      }
      for (Comparison c : nodeComparisons(condition)) {
        if (!c.operator().isNumeric()
            && !(c.operand() instanceof Number)
            && c.operator() != Comparison.Operator.EXISTS) {
          problems.add(
              c.position(),
              label
                  + ": "
                  + aggregate.key()
                  + " adds up numbers, but "
                  + c.operator().key()
                  + ": "
                  + Comparison.format(c.operand())
                  + " expects each node's value to be text");
        }
      }
    }
    return new ConditionSpec.Cluster(
        text(node, "name"),
        condition,
        across(d, pointer + "/across"),
        aggregate,
        comparisons,
        d.keyPosition(pointer));
  }

  /** Why the condition has no value to add up, or null when it has one. */
  private static String valueMissing(ConditionSpec condition, boolean givesValue) {
    if (!givesValue) {
      return "a tcp condition has no value";
    }
    if (condition instanceof ConditionSpec.Http http && http.value() == null) {
      return "this http condition has no value: (a JSONPath such as \"$.value\")";
    }
    return null;
  }

  private static List<Comparison> nodeComparisons(ConditionSpec condition) {
    if (condition instanceof ConditionSpec.Jmx jmx) {
      return jmx.comparisons();
    }
    return List.of();
  }

  private static boolean numericComparison(Comparison c) {
    return switch (c.operator()) {
      case LESS, AT_MOST, GREATER, AT_LEAST, EQUALS, NOT_EQUALS -> c.operand() instanceof Number;
      case IN ->
          c.operand() instanceof List<?> list && list.stream().allMatch(o -> o instanceof Number);
      default -> false;
    };
  }

  private Across across(YamlDocument d, String pointer) {
    JsonNode node = d.root().at(pointer);
    SourcePosition at = d.valuePosition(pointer);
    if (node.isTextual()) {
      return new Across(Across.Scope.ALL_NODES, null, List.of(), at);
    }
    if (node.has("nodes-in-role")) {
      return new Across(Across.Scope.ROLE, node.path("nodes-in-role").asText(), List.of(), at);
    }
    List<String> hosts = new ArrayList<>();
    node.path("these").forEach(h -> hosts.add(h.asText()));
    return new Across(Across.Scope.THESE, null, hosts, at);
  }

  /**
   * The comparison keys of the mapping at {@code pointer}, each checked for its type.
   *
   * @param answerPaths whether an operand may be {@code {path: JSONPATH}}, read from the same
   *     answer (an {@code http:} condition's)
   */
  private List<Comparison> comparisons(YamlDocument d, String pointer, boolean answerPaths) {
    JsonNode node = d.root().at(pointer);
    List<Comparison> comparisons = new ArrayList<>();
    for (Comparison.Operator operator : Comparison.Operator.values()) {
      if (!node.has(operator.key())) {
        continue;
      }
      String p = YamlDocument.child(pointer, operator.key());
      JsonNode operand = node.get(operator.key());
      SourcePosition at = d.valuePosition(p);
      Object value = scalar(operand);
      String label = PlaybookReader.label(p);
      if (operand.isObject() && operand.has("path")) {
        AnswerPath path = answerPath(d, p, operator, answerPaths);
        if (path != null) {
          comparisons.add(new Comparison(operator, path, at));
        }
        continue;
      }
      switch (operator) {
        case LESS, AT_MOST, GREATER, AT_LEAST -> {
          if (!(value instanceof Number)) {
            problems.add(
                at,
                label
                    + ": "
                    + operator.key()
                    + " compares numbers, found "
                    + describe(operand)
                    + "; write a number (use equals: or matches: for text)");
            continue;
          }
        }
        case IN -> {
          List<Object> items = new ArrayList<>();
          operand.forEach(item -> items.add(scalar(item)));
          value = items;
        }
        case MATCHES -> {
          if (!operand.isTextual()) {
            problems.add(at, label + ": matches: takes a regular expression (text)");
            continue;
          }
          var problem = RegularExpressions.check(operand.asText());
          if (problem.isPresent()) {
            problems.add(at, label + ": " + problem.get());
            continue;
          }
        }
        case EXISTS, EMPTY -> {
          if (!operand.isBoolean()) {
            problems.add(at, label + ": write " + operator.key() + ": true or false");
            continue;
          }
        }
        default -> {
          if (operand.isContainerNode()) {
            problems.add(
                at, label + ": " + operator.key() + ": compares with one value, found a list");
            continue;
          }
        }
      }
      comparisons.add(new Comparison(operator, value, at));
    }
    return comparisons;
  }

  /** {@code {path: JSONPATH}} as an operand, or null (and a problem) where it cannot be one. */
  private AnswerPath answerPath(
      YamlDocument d, String pointer, Comparison.Operator operator, boolean allowed) {
    JsonNode operand = d.root().at(pointer);
    String label = PlaybookReader.label(pointer);
    if (!allowed) {
      problems.add(
          d.valuePosition(pointer),
          label
              + ": {path: ...} compares with another value of an http condition's answer; here"
              + " write a value");
      return null;
    }
    boolean comparable =
        switch (operator) {
          case EQUALS, NOT_EQUALS, LESS, AT_MOST, GREATER, AT_LEAST -> true;
          default -> false;
        };
    if (!comparable) {
      problems.add(
          d.valuePosition(pointer),
          label
              + ": {path: ...} works with equals, not-equals, <, <=, > and >=, not with "
              + operator.key());
      return null;
    }
    if (operand.size() != 1 || !operand.get("path").isTextual()) {
      problems.add(
          d.valuePosition(pointer),
          label + ": write {path: JSONPATH} alone, e.g. {path: \"$.quorum_size\"}");
      return null;
    }
    String path = operand.get("path").asText();
    int before = problems.problems().size();
    checkJsonPath(d, YamlDocument.child(pointer, "path"), path);
    return problems.problems().size() == before ? new AnswerPath(path) : null;
  }

  private void checkJsonPath(YamlDocument d, String pointer, String path) {
    try {
      JsonPath.compile(path);
    } catch (InvalidPathException | IllegalArgumentException e) {
      problems.add(
          d.valuePosition(pointer),
          PlaybookReader.label(pointer)
              + ": \""
              + path
              + "\" is not a JSONPath expression ("
              + e.getMessage()
              + "); write e.g. \"$.status\" or \"$.nodes[0].value\"");
    }
  }

  private Duration duration(YamlDocument d, String pointer) {
    try {
      return Durations.parse(d.root().at(pointer).asText());
    } catch (IllegalArgumentException e) {
      problems.add(d.valuePosition(pointer), e.getMessage());
      return Duration.ZERO;
    }
  }

  private static String text(JsonNode node, String key) {
    return node.has(key) ? node.get(key).asText() : null;
  }

  /** A YAML scalar as a comparison operand: Long, Double, Boolean or String. */
  static Object scalar(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return null;
    }
    return node.asText();
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "\"" + node.asText() + "\"";
    }
    return node.isContainerNode() ? "a list or mapping" : node.toString();
  }
}

package dev.rollrun.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.config.ConfigProblem;
import dev.rollrun.core.config.Suggestions;
import dev.rollrun.core.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a document against one of the JSON Schemas in {@code schemas/} (draft 2020-12) and turns
 * every failure into a {@link ConfigProblem} at the file:line:column of the offending key or value,
 * in words an operator understands.
 */
public final class JsonSchemaCheck {

  private final JsonNode schemaTree;
  private final JsonSchema schema;

  private JsonSchemaCheck(JsonNode schemaTree) {
    this.schemaTree = schemaTree;
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ROOT)
            .build();
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(schemaTree, config);
  }

  /** Schemas are immutable and costly to compile: each is built once per process. */
  private static final class Loaded {
    static final JsonSchemaCheck PLAYBOOK = load("playbook.schema.json");
    static final JsonSchemaCheck INVENTORY = load("inventory.schema.json");
    static final JsonSchemaCheck STEP_LIST = stepListOf(PLAYBOOK);
  }

  /** The playbook schema, {@code schemas/playbook.schema.json}. */
  public static JsonSchemaCheck playbook() {
    return Loaded.PLAYBOOK;
  }

  /** The inventory schema, {@code schemas/inventory.schema.json}. */
  public static JsonSchemaCheck inventory() {
    return Loaded.INVENTORY;
  }

  /** A list of playbook steps, the content of an included step file. */
  public static JsonSchemaCheck playbookStepList() {
    return Loaded.STEP_LIST;
  }

  private static JsonSchemaCheck stepListOf(JsonSchemaCheck playbook) {
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    tree.set("$schema", playbook.schemaTree.path("$schema"));
    tree.put("$id", "https://rollrun.dev/schemas/step-list.schema.json");
    tree.set("$defs", playbook.schemaTree.path("$defs"));
    tree.put("$ref", "#/$defs/stepList");
    return new JsonSchemaCheck(tree);
  }

  private static JsonSchemaCheck load(String name) {
    try (InputStream in = JsonSchemaCheck.class.getResourceAsStream("/schemas/" + name)) {
      if (in == null) {
        throw new RollrunException("the JSON Schema " + name + " is missing from the build");
      }
      return new JsonSchemaCheck(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new RollrunException("cannot read the JSON Schema " + name + ": " + e.getMessage(), e);
    }
  }

  /** Every way the document breaks the schema; empty when it conforms. */
  public List<ConfigProblem> check(YamlDocument document) {
    List<ValidationMessage> messages = new ArrayList<>(schema.validate(document.root()));
    messages.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
    List<ValidationMessage> kept = withoutAlternativeNoise(messages);
    TreeSet<ConfigProblem> problems = new TreeSet<>();
    for (ValidationMessage message : kept) {
      problems.add(describe(document, message));
    }
    return List.copyOf(problems);
  }

  /**
   * A value matching none of the alternatives of a {@code oneOf} yields one message per
   * alternative; the operator needs only "expected one of these". Keep the oneOf message and drop
   * what was found while trying the alternatives.
   */
  private static List<ValidationMessage> withoutAlternativeNoise(List<ValidationMessage> all) {
    List<String> alternatives = new ArrayList<>();
    for (ValidationMessage m : all) {
      if (isAlternatives(m)) {
        alternatives.add(m.getEvaluationPath().toString() + "/");
      }
    }
    List<ValidationMessage> kept = new ArrayList<>();
    for (ValidationMessage m : all) {
      String path = m.getEvaluationPath().toString();
      boolean inside = alternatives.stream().anyMatch(path::startsWith);
      if (!inside) {
        kept.add(m);
      }
    }
    return kept;
  }

  private static boolean isAlternatives(ValidationMessage m) {
    return "oneOf".equals(m.getType()) || "anyOf".equals(m.getType());
  }

  private ConfigProblem describe(YamlDocument document, ValidationMessage m) {
    String pointer = m.getInstanceLocation().toString();
    String where = label(m.getInstanceLocation());
    JsonNode found = m.getInstanceNode();
    String type = m.getType();
    switch (type) {
      case "additionalProperties" -> {
        String key = m.getProperty();
        String childPointer = YamlDocument.child(pointer, key);
        Set<String> allowed = allowedKeys(m);
        String inside = where.isEmpty() ? "" : " in " + where;
        String hint = Suggestions.didYouMean(key, allowed);
        if (hint.isEmpty() && !allowed.isEmpty()) {
          hint = "; allowed: " + String.join(", ", allowed);
        }
        return new ConfigProblem(
            document.keyPosition(childPointer), "unknown key \"" + key + "\"" + inside + hint);
      }
      case "required" -> {
        String missing = m.getProperty() != null ? m.getProperty() : String.valueOf(arg(m, 0));
        String in = where.isEmpty() ? "" : where + ": ";
        return new ConfigProblem(
            document.keyPosition(pointer), in + "missing required key \"" + missing + "\"");
      }
      default -> {
        return new ConfigProblem(
            positionFor(document, pointer), prefix(where) + explain(m, type, found));
      }
    }
  }

  private static dev.rollrun.core.config.SourcePosition positionFor(
      YamlDocument document, String pointer) {
    return document.valuePosition(pointer);
  }

  private static String prefix(String where) {
    return where.isEmpty() ? "" : where + ": ";
  }

  private String explain(ValidationMessage m, String type, JsonNode found) {
    JsonNode rule = schemaAt(m, 1);
    return switch (type) {
      case "type" -> "expected " + expectedType(m.getSchemaNode()) + ", found " + show(found);
      case "pattern", "oneOf", "anyOf" ->
          "expected " + expectation(rule) + ", found " + show(found);
      case "minimum" -> "must be at least " + m.getSchemaNode().asText() + ", found " + show(found);
      case "maximum" -> "must be at most " + m.getSchemaNode().asText() + ", found " + show(found);
      case "minLength" -> "must not be empty";
      case "minItems" -> "needs at least " + m.getSchemaNode().asText() + " item(s)";
      case "minProperties", "maxProperties" -> explainPropertyCount(rule, found);
      case "enum" ->
          "must be one of "
              + enumValues(m.getSchemaNode())
              + ", found "
              + show(found)
              + (found != null && found.isTextual()
                  ? Suggestions.didYouMean(found.asText(), enumList(m.getSchemaNode()))
                  : "");
      default -> m.getMessage().replaceFirst("^[^:]*: ", "");
    };
  }

  private static String explainPropertyCount(JsonNode rule, JsonNode found) {
    List<String> kinds = new ArrayList<>();
    rule.path("properties").fieldNames().forEachRemaining(kinds::add);
    int count = found == null ? 0 : found.size();
    return "needs exactly one of "
        + String.join(", ", kinds)
        + (count == 0 ? ", found none" : ", found " + count);
  }

  /** What a rule accepts, from its description (the schema's words) or its type. */
  private String expectation(JsonNode rule) {
    JsonNode resolved = resolveRef(rule);
    String description = resolved.path("description").asText("");
    if (description.isEmpty() && rule.has("description")) {
      description = rule.path("description").asText();
    }
    if (!description.isEmpty()) {
      String first = description.split("(?<=[.;])\\s")[0].replaceAll("[.]$", "");
      return Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }
    return expectedType(resolved.path("type"));
  }

  private JsonNode resolveRef(JsonNode rule) {
    JsonNode current = rule;
    for (int i = 0; i < 5 && current.has("$ref"); i++) {
      String ref = current.path("$ref").asText();
      if (!ref.startsWith("#")) {
        break;
      }
      current = schemaTree.at(ref.substring(1));
    }
    return current;
  }

  /** The schema object holding the failed keyword ({@code up} segments above the keyword). */
  private JsonNode schemaAt(ValidationMessage m, int up) {
    JsonNodePath fragment = m.getSchemaLocation().getFragment();
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < fragment.getNameCount() - up; i++) {
      pointer.append('/').append(fragment.getName(i).replace("~", "~0").replace("/", "~1"));
    }
    return schemaTree.at(pointer.toString());
  }

  private Set<String> allowedKeys(ValidationMessage m) {
    TreeSet<String> keys = new TreeSet<>();
    schemaAt(m, 1).path("properties").fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static String expectedType(JsonNode type) {
    if (type == null || type.isMissingNode()) {
      return "another kind of value";
    }
    if (type.isArray()) {
      List<String> names = new ArrayList<>();
      type.forEach(t -> names.add(typeName(t.asText())));
      return String.join(" or ", names);
    }
    return typeName(type.asText());
  }

  private static String typeName(String jsonType) {
    return switch (jsonType) {
      case "object" -> "a mapping (key: value)";
      case "array" -> "a list";
      case "string" -> "text";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "null" -> "nothing";
      default -> jsonType;
    };
  }

  static String show(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "nothing";
    }
    if (value.isTextual()) {
      String text = value.asText();
      return "\"" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "\"";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.toString();
  }

  private static String enumValues(JsonNode values) {
    return String.join(", ", enumList(values));
  }

  private static List<String> enumList(JsonNode values) {
    List<String> names = new ArrayList<>();
    values.forEach(v -> names.add(v.asText()));
    return names;
  }

  private static Object arg(ValidationMessage m, int i) {
    Object[] args = m.getArguments();
    return args != null && args.length > i ? args[i] : "?";
  }

  /** {@code /steps/pre-stop/0/run} as an operator reads it: {@code steps.pre-stop[0].run}. */
  static String label(JsonNodePath path) {
    StringBuilder label = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        label.append('[').append(index).append(']');
      } else {
        if (label.length() > 0) {
          label.append('.');
        }
        label.append(element);
      }
    }
    return label.toString();
  }
}

package dev.rollrun.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.text.Durations;
import dev.rollrun.core.text.Percentages;
import dev.rollrun.core.text.Suggestions;
import dev.rollrun.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A schema failure in words an operator understands, at the file:line:column of the offending key
 * or value: {@code unknown key "bach" in rollout (did you mean "batch"?)}, {@code rollout.pause:
 * "10" has no unit; write e.g. 10s or 10ms}. What a rule accepts is said with the schema's own
 * {@code description}, so the schema stays the one place that words a key.
 */
final class SchemaWording {

  /**
   * Keys operators bring from other tools, and where rollrun keeps the same setting. Suggested when
   * an unknown key is (close to) one of them and nothing closer exists.
   */
  private static final Map<String, String> FOREIGN_KEYS =
      Map.of("serial", "rollout.batch", "become", "sudo");

  /** Formats whose own parser says best what is wrong, by the {@code $defs} name of the format. */
  private static final Map<String, Consumer<String>> FORMATS =
      Map.of("duration", Durations::parse, "percentage", Percentages::parse);

  private final JsonNode schemaTree;
  private final Map<String, List<String>> keysElsewhere = new TreeMap<>();

  SchemaWording(JsonNode schemaTree) {
    this.schemaTree = schemaTree;
    indexKeys(schemaTree, "", 0);
  }

  /** The failure as one line at the offending key or value. */
  ConfigProblem describe(YamlDocument document, SchemaFailure failure) {
    String pointer = failure.instance().toString();
    String where = label(failure.instance());
    JsonNode found = document.root().at(pointer);
    if (failure.combinator() != null) {
      JsonNode rule = schemaAt(failure.combinator().getParent());
      return new ConfigProblem(
          document.valuePosition(pointer),
          prefix(where) + "expected " + expectation(rule) + ", found " + show(found));
    }
    ValidationMessage m = failure.message();
    JsonNode rule = schemaAt(m.getEvaluationPath().getParent());
    switch (m.getType()) {
      case "additionalProperties" -> {
        String key = m.getProperty();
        return new ConfigProblem(
            document.keyPosition(YamlDocument.child(pointer, key)),
            "unknown key \""
                + key
                + "\""
                + (where.isEmpty() ? "" : " in " + where)
                + unknownKeyHint(key, where, allowedKeys(rule)));
      }
      case "required" -> {
        String missing = m.getProperty() != null ? m.getProperty() : String.valueOf(arg(m, 0));
        String meaning = describedAs(rule.path("properties").path(missing));
        return new ConfigProblem(
            document.keyPosition(pointer),
            prefix(where)
                + "missing required key \""
                + missing
                + "\""
                + (meaning.isEmpty() ? "" : " (" + meaning + ")"));
      }
      default -> {
        return new ConfigProblem(
            document.valuePosition(pointer), prefix(where) + explain(m, rule, found));
      }
    }
  }

  private static String prefix(String where) {
    return where.isEmpty() ? "" : where + ": ";
  }

  private String explain(ValidationMessage m, JsonNode rule, JsonNode found) {
    Optional<String> format = formatProblem(m, found);
    if (format.isPresent()) {
      return format.get();
    }
    return switch (m.getType()) {
      case "type" -> "expected " + expectedType(m.getSchemaNode()) + ", found " + show(found);
      case "pattern" ->
          found.isTextual() && found.asText().isBlank()
              ? "must not be blank (a blank command does nothing, and as a health check always"
                  + " passes)"
              : "expected " + expectation(rule) + ", found " + show(found);
      case "minimum" -> "must be at least " + m.getSchemaNode().asText() + ", found " + show(found);
      case "maximum" -> "must be at most " + m.getSchemaNode().asText() + ", found " + show(found);
      case "minLength" -> "must not be empty";
      case "minItems" -> {
        int least = m.getSchemaNode().asInt();
        yield "needs at least "
            + least
            + (least == 1 ? " item" : " items")
            + ", found "
            + (found.size() == 0 ? "an empty list" : found.size() + "");
      }
      case "minProperties", "maxProperties" -> explainPropertyCount(rule, found);
      case "enum" ->
          "must be one of "
              + String.join(", ", enumList(m.getSchemaNode()))
              + ", found "
              + show(found)
              + (found.isTextual()
                  ? Suggestions.didYouMean(found.asText(), enumList(m.getSchemaNode()))
                  : "");
      default -> m.getMessage().replaceFirst("^[^:]*: ", "");
    };
  }

  /**
   * What the format's own parser says about a value that breaks a {@code $defs} format rule, e.g.
   * {@code "10" has no unit; write e.g. 10s or 10ms} for a duration.
   */
  private static Optional<String> formatProblem(ValidationMessage m, JsonNode found) {
    if (!found.isValueNode() || found.isNull()) {
      return Optional.empty();
    }
    String fragment = m.getSchemaLocation().getFragment().toString();
    for (Map.Entry<String, Consumer<String>> format : FORMATS.entrySet()) {
      if (fragment.startsWith("/$defs/" + format.getKey() + "/")) {
        try {
          format.getValue().accept(found.asText());
        } catch (IllegalArgumentException e) {
          return Optional.of(e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  private static String explainPropertyCount(JsonNode rule, JsonNode found) {
    if (!rule.path("properties").isObject()) {
      int least = rule.path("minProperties").asInt(1);
      return "needs at least "
          + least
          + (least == 1 ? " entry" : " entries")
          + ", found "
          + (found.size() == 0 ? "an empty mapping" : found.size() + "");
    }
    List<String> kinds = new ArrayList<>();
    rule.path("properties").fieldNames().forEachRemaining(k -> kinds.add(k + ":"));
    List<String> present = new ArrayList<>();
    found.fieldNames().forEachRemaining(k -> present.add(k + ":"));
    return "needs exactly one of "
        + String.join(" or ", kinds)
        + (present.isEmpty() ? ", found none" : ", found " + String.join(" and ", present));
  }

  /**
   * {@code (did you mean "batch"?)} among the keys allowed here; else the one place elsewhere in
   * the schema where the key (or a key close to it) belongs; else the allowed keys.
   */
  private String unknownKeyHint(String key, String where, Set<String> allowed) {
    String hint = Suggestions.didYouMean(key, allowed);
    if (!hint.isEmpty()) {
      return hint;
    }
    Optional<String> foreign =
        FOREIGN_KEYS.containsKey(key)
            ? Optional.of(key)
            : Suggestions.closest(key, FOREIGN_KEYS.keySet());
    if (foreign.isPresent()) {
      String target = FOREIGN_KEYS.get(foreign.get());
      Optional<String> label =
          allowed.contains(target) ? Optional.of(target) : elsewhere(target, where);
      if (label.isPresent()) {
        return " (did you mean \""
            + label.get()
            + "\"? it is what other tools call "
            + foreign.get()
            + ")";
      }
    }
    Optional<String> name =
        keysElsewhere.containsKey(key)
            ? Optional.of(key)
            : Suggestions.closest(key, keysElsewhere.keySet());
    Optional<String> placed = name.flatMap(n -> elsewhere(n, where));
    if (placed.isPresent()) {
      return " (did you mean \"" + placed.get() + "\"?)";
    }
    return allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed);
  }

  /**
   * The one label ({@code rollout.batch}) of a key named {@code name} not directly in {@code
   * where}.
   */
  private Optional<String> elsewhere(String name, String where) {
    String last = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
    List<String> labels =
        keysElsewhere.getOrDefault(last, List.of()).stream()
            .filter(label -> !parentOf(label).equals(where))
            .filter(label -> !name.contains(".") || label.equals(name))
            .toList();
    return labels.size() == 1 ? Optional.of(labels.get(0)) : Optional.empty();
  }

  private static String parentOf(String label) {
    int dot = label.lastIndexOf('.');
    return dot < 0 ? "" : label.substring(0, dot);
  }

  /** Notes the label of every key reachable from the root through mappings only. */
  private void indexKeys(JsonNode rule, String label, int depth) {
    JsonNode resolved = resolveRef(rule);
    if (depth > 4 || !resolved.has("properties")) {
      return;
    }
    resolved
        .path("properties")
        .fields()
        .forEachRemaining(
            e -> {
              String child = label.isEmpty() ? e.getKey() : label + "." + e.getKey();
              keysElsewhere.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(child);
              indexKeys(e.getValue(), child, depth + 1);
            });
  }

  /** What a rule accepts: its description (the schema's words), its alternatives, or its type. */
  private String expectation(JsonNode rule) {
    String description = describedAs(rule);
    if (!description.isEmpty()) {
      return description;
    }
    JsonNode resolved = resolveRef(rule);
    for (String combinator : List.of("oneOf", "anyOf")) {
      if (resolved.has(combinator)) {
        List<String> each = new ArrayList<>();
        resolved.path(combinator).forEach(alternative -> each.add(expectation(alternative)));
        return String.join(" or ", each);
      }
    }
    return expectedType(resolved.path("type"));
  }

  /** The first sentence of a rule's description, lower-cased, or an empty string. */
  private String describedAs(JsonNode rule) {
    String description = rule.path("description").asText("");
    if (description.isEmpty()) {
      description = resolveRef(rule).path("description").asText("");
    }
    if (description.isEmpty()) {
      return "";
    }
    String first = description.split("(?<=[.;])\\s")[0].replaceAll("[.;:]$", "");
    return Character.toLowerCase(first.charAt(0)) + first.substring(1);
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

  /** The schema object at an evaluation path, following each {@code $ref} on the way. */
  private JsonNode schemaAt(JsonNodePath evaluationPath) {
    JsonNode current = schemaTree;
    for (int i = 0; i < evaluationPath.getNameCount(); i++) {
      String name = evaluationPath.getName(i);
      if (name.equals("$ref")) {
        current = resolveRef(current);
      } else if (current.isArray()) {
        current = current.path(Integer.parseInt(name));
      } else {
        current = current.path(name);
      }
    }
    return current;
  }

  private static Set<String> allowedKeys(JsonNode rule) {
    TreeSet<String> keys = new TreeSet<>();
    rule.path("properties").fieldNames().forEachRemaining(keys::add);
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

  private static List<String> enumList(JsonNode values) {
    List<String> names = new ArrayList<>();
    values.forEach(v -> names.add(v.asText()));
    return names;
  }

  private static Object arg(ValidationMessage m, int i) {
    Object[] args = m.getArguments();
    return args != null && args.length > i ? args[i] : "?";
  }

  /**
   * {@code /steps/pre-stop/0/run} as an operator reads it: {@code steps.pre-stop[0].run}; an item
   * of a top-level list (an included step file) is {@code item [0]}.
   */
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
    return label.length() > 0 && label.charAt(0) == '[' ? "item " + label : label.toString();
  }
}

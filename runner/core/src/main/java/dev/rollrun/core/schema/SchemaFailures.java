package dev.rollrun.core.schema;

import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which of a validator's messages an operator needs to see. Trying every alternative of a {@code
 * oneOf} or {@code anyOf} yields a message per alternative; a value that fits none of them is
 * reported once: by what the one alternative whose type fits the value says ({@code batch: 0}: a
 * number, not a percentage or a list, so "must be at least 1"), else as one "none fits" failure.
 */
final class SchemaFailures {

  private SchemaFailures() {}

  /**
   * Replaces the messages found while trying the alternatives of each {@code oneOf}/{@code anyOf}
   * by what the operator needs: the failures of the one alternative whose type fits the value, or
   * one "none fits" failure.
   */
  static List<SchemaFailure> resolveAlternatives(List<ValidationMessage> messages) {
    return resolveFrom(messages, 0);
  }

  private static List<SchemaFailure> resolve(
      JsonNodePath combinator, List<ValidationMessage> group) {
    int depth = combinator.getNameCount();
    JsonNodePath instance = null;
    Map<String, List<ValidationMessage>> byAlternative = new TreeMap<>();
    for (ValidationMessage m : group) {
      JsonNodePath path = m.getEvaluationPath();
      if (path.getNameCount() == depth) {
        instance = m.getInstanceLocation(); // the oneOf's own "0 are valid"
        continue;
      }
      byAlternative.computeIfAbsent(path.getName(depth), k -> new ArrayList<>()).add(m);
      if (instance == null) {
        instance = instanceOf(m, depth);
      }
    }
    List<List<SchemaFailure>> fitting = new ArrayList<>();
    for (List<ValidationMessage> alternative : byAlternative.values()) {
      List<SchemaFailure> failures = resolveFrom(alternative, depth + 1);
      JsonNodePath at = instance;
      if (!failures.stream().allMatch(f -> f.isTypeMismatchAt(at))) {
        fitting.add(failures);
      }
    }
    if (fitting.size() == 1) {
      return fitting.get(0);
    }
    return List.of(SchemaFailure.noAlternativeFits(instance, combinator));
  }

  /**
   * {@link #resolveAlternatives} for messages whose evaluation paths share their first {@code from}
   * names: those of one alternative.
   */
  private static List<SchemaFailure> resolveFrom(List<ValidationMessage> messages, int from) {
    List<SchemaFailure> out = new ArrayList<>();
    Map<JsonNodePath, List<ValidationMessage>> byCombinator = new LinkedHashMap<>();
    for (ValidationMessage m : messages) {
      JsonNodePath combinator = outermostCombinator(m.getEvaluationPath(), from);
      if (combinator == null) {
        out.add(SchemaFailure.of(m));
      } else {
        byCombinator.computeIfAbsent(combinator, c -> new ArrayList<>()).add(m);
      }
    }
    byCombinator.forEach((combinator, group) -> out.addAll(resolve(combinator, group)));
    return out;
  }

  /** The evaluation path up to the first {@code oneOf}/{@code anyOf} at or after {@code from}. */
  private static JsonNodePath outermostCombinator(JsonNodePath path, int from) {
    for (int i = from; i < path.getNameCount(); i++) {
      String name = path.getName(i);
      if (name.equals("oneOf") || name.equals("anyOf")) {
        return prefix(path, i + 1);
      }
    }
    return null;
  }

  private static JsonNodePath prefix(JsonNodePath path, int length) {
    JsonNodePath p = path;
    while (p.getNameCount() > length) {
      p = p.getParent();
    }
    return p;
  }

  /**
   * The instance a combinator at evaluation depth {@code depth} applied to, from a message found
   * inside it: its instance location less one step for every property or item the schema descended
   * into below the combinator.
   */
  private static JsonNodePath instanceOf(ValidationMessage m, int depth) {
    JsonNodePath path = m.getEvaluationPath();
    JsonNodePath instance = m.getInstanceLocation();
    int last = path.getNameCount() - 1;
    for (int i = depth + 1; i <= last; i++) {
      String name = path.getName(i);
      switch (name) {
        case "properties", "patternProperties", "prefixItems" -> {
          instance = instance.getParent();
          i++;
        }
        case "items", "additionalProperties" -> {
          if (i < last) {
            instance = instance.getParent();
          }
        }
        default -> {}
      }
    }
    return instance;
  }
}

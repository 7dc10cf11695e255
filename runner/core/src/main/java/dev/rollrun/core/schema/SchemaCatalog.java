package dev.rollrun.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON Schemas rollrun checks documents against: the playbook ({@code
 * schemas/playbook.schema.json}), the inventory ({@code schemas/inventory.schema.json}) and the
 * list of steps an included file holds (the playbook's {@code $defs/stepList}).
 *
 * <p>A catalogue is immutable. {@link #builtIn()} is read once per process; each schema is compiled
 * on first use, so that checking a playbook and reading its inventory on another thread compile
 * their schemas at the same time. {@link #withPlaybookFragment} makes a new catalogue whose
 * playbook schema also accepts what a fragment declares: the way a plugin will teach rollrun the
 * keys of its own (a {@code discover:} section, the arguments of a task).
 */
public final class SchemaCatalog {

  private final JsonNode playbookTree;
  private final JsonNode inventoryTree;
  private final Supplier<JsonSchemaCheck> playbook;
  private final Supplier<JsonSchemaCheck> stepList;
  private final Supplier<JsonSchemaCheck> inventory;
  private final Supplier<JsonSchemaCheck> gate;

  private SchemaCatalog(JsonNode playbookTree, JsonNode inventoryTree) {
    this.playbookTree = playbookTree;
    this.inventoryTree = inventoryTree;
    this.playbook = once(() -> JsonSchemaCheck.of(playbookTree));
    this.stepList = once(() -> JsonSchemaCheck.of(stepListOf(playbookTree)));
    this.gate = once(() -> JsonSchemaCheck.of(definition(playbookTree, "gate")));
    this.inventory = once(() -> JsonSchemaCheck.of(inventoryTree));
  }

  private static final class BuiltIn {
    static final SchemaCatalog INSTANCE =
        new SchemaCatalog(read("playbook.schema.json"), read("inventory.schema.json"));
  }

  /** The schemas that ship with rollrun, read once per process. */
  public static SchemaCatalog builtIn() {
    return BuiltIn.INSTANCE;
  }

  /** The playbook schema. */
  public JsonSchemaCheck playbook() {
    return playbook.get();
  }

  /** A list of playbook steps, the content of an included step file. */
  public JsonSchemaCheck stepList() {
    return stepList.get();
  }

  /** A health gate on its own, as a playbook's {@code health:} is written. */
  public JsonSchemaCheck gate() {
    return gate.get();
  }

  /** The playbook schema, fragments merged: what {@code rollrun schema} writes for editors. */
  public JsonNode playbookTree() {
    return playbookTree.deepCopy();
  }

  /** The schema of rollrun's own inventory format. */
  public JsonSchemaCheck inventory() {
    return inventory.get();
  }

  /**
   * A catalogue whose playbook schema (and so its step list) also holds {@code fragment}, merged
   * into it: mappings are merged key by key, lists are extended (another alternative of a {@code
   * oneOf}, another {@code enum} value). A fragment may only add: one that would change a rule of
   * rollrun's own (a {@code type}, a {@code minimum}) is refused.
   *
   * <p>For example {@code {"properties": {"discover": {"type": "object"}}}} lets a playbook have a
   * {@code discover:} mapping.
   *
   * @throws IllegalArgumentException naming the JSON pointer of a rule the fragment would change
   */
  public SchemaCatalog withPlaybookFragment(JsonNode fragment) {
    ObjectNode merged = playbookTree.deepCopy();
    merge(merged, fragment, "");
    return new SchemaCatalog(merged, inventoryTree);
  }

  private static void merge(ObjectNode target, JsonNode fragment, String pointer) {
    if (!fragment.isObject()) {
      throw new IllegalArgumentException(
          "a schema fragment is a JSON object" + (pointer.isEmpty() ? "" : " at " + pointer));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = fragment.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
      JsonNode mine = target.get(key);
      JsonNode theirs = field.getValue();
      if (mine == null) {
        target.set(key, theirs.deepCopy());
      } else if (mine.isObject() && theirs.isObject()) {
        merge((ObjectNode) mine, theirs, at);
      } else if (mine.isArray() && theirs.isArray()) {
        ((ArrayNode) mine).addAll(((ArrayNode) theirs.deepCopy()));
      } else if (!mine.equals(theirs)) {
        throw new IllegalArgumentException(
            "a schema fragment may add to the playbook schema but not change it: " + at);
      }
    }
  }

  /** The playbook schema's {@code $defs/stepList} as a schema of its own. */
  private static JsonNode stepListOf(JsonNode playbook) {
    return definition(playbook, "stepList");
  }

  /** One of the playbook schema's {@code $defs} as a schema of its own. */
  private static JsonNode definition(JsonNode playbook, String name) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.set("$schema", playbook.path("$schema"));
    tree.put(
        "$id",
        "https://rollrun.dev/schemas/"
            + (name.equals("stepList") ? "step-list" : name)
            + ".schema.json");
    tree.set("$defs", playbook.path("$defs"));
    tree.put("$ref", "#/$defs/" + name);
    return tree;
  }

  /**
   * A schema from the distribution. One that is missing or unreadable is a defect of the build, not
   * something an operator can fix: an {@link IllegalStateException}, reported as an internal error.
   */
  private static JsonNode read(String name) {
    try (InputStream in = SchemaCatalog.class.getResourceAsStream("/schemas/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "the JSON Schema schemas/" + name + " is missing from the distribution");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JSON Schema schemas/" + name, e);
    }
  }

  /** Computes once, on first use; each schema has its own lock so two compile at once. */
  private static <T> Supplier<T> once(Supplier<T> compute) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = compute.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }
}

package dev.rollrun.core.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Task;
import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.behaviour.TaskCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugins rollrun found, started or skipped ({@link #listed()}), and what the started ones
 * provide: cluster behaviours, tasks, and the JSON Schema fragment of their playbook keys.
 */
public final class Plugins {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<LoadedPlugin> listed;
  private final BehaviourCatalog behaviours;
  private final TaskCatalog tasks;
  private final Map<String, String> providers;
  private final Map<String, String> schemas;

  Plugins(
      List<LoadedPlugin> listed,
      List<ClusterBehaviour> behaviours,
      List<Task> tasks,
      Map<String, String> providers,
      Map<String, String> schemas) {
    this.listed = List.copyOf(listed);
    this.behaviours = new BehaviourCatalog(behaviours);
    this.tasks = new TaskCatalog(tasks);
    this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    this.schemas = Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
  }

  /** No plugin at all. */
  public static Plugins none() {
    return new Plugins(List.of(), List.of(), List.of(), Map.of(), Map.of());
  }

  /** No plugin, and these behaviours as if plugins provided them: for tests and embedding. */
  public static Plugins of(BehaviourCatalog behaviours) {
    return of(behaviours, TaskCatalog.empty());
  }

  /** No plugin, and these behaviours and tasks as if plugins provided them. */
  public static Plugins of(BehaviourCatalog behaviours, TaskCatalog tasks) {
    Map<String, String> schemas = new LinkedHashMap<>();
    tasks.all().forEach((id, task) -> schemas.put("task " + id, task.argsSchema()));
    behaviours
        .all()
        .forEach(
            (id, behaviour) -> {
              if (behaviour.settingsSchema() != null) {
                schemas.put("behaviour " + id, behaviour.settingsSchema());
              }
            });
    return new Plugins(
        List.of(),
        List.copyOf(behaviours.all().values()),
        List.copyOf(tasks.all().values()),
        Map.of(),
        schemas);
  }

  /** Every plugin found, in the order found: started ones and skipped ones with why. */
  public List<LoadedPlugin> listed() {
    return listed;
  }

  /** The plugins that were skipped, each with why. */
  public List<LoadedPlugin> broken() {
    return listed.stream().filter(p -> !p.started()).toList();
  }

  public BehaviourCatalog behaviours() {
    return behaviours;
  }

  public TaskCatalog tasks() {
    return tasks;
  }

  /** The jar that provides a task, e.g. {@code plugins/check-version.jar}, when known. */
  public Optional<String> providerOfTask(String id) {
    return Optional.ofNullable(providers.get("task " + id));
  }

  /**
   * What the plugins add to the playbook schema: the {@code settings:} of each behaviour (when
   * {@code cluster:} names it) and the {@code args:} of each task (when a step's {@code task:}
   * names it), and the ids as examples for editors. Merged by {@code
   * SchemaCatalog#withPlaybookFragment}.
   */
  public JsonNode schemaFragment() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode fragment = f.objectNode();
    ArrayNode clusterIds = f.arrayNode();
    behaviours.ids().forEach(clusterIds::add);
    ArrayNode taskIds = f.arrayNode();
    tasks.ids().forEach(taskIds::add);
    if (!clusterIds.isEmpty()) {
      fragment.putObject("properties").putObject("cluster").set("examples", clusterIds);
    }
    ArrayNode topAllOf = f.arrayNode();
    behaviours
        .all()
        .forEach(
            (id, behaviour) -> {
              String schema = schemas.get("behaviour " + id);
              if (schema != null) {
                topAllOf.add(when("cluster", id, id.equals("service"), "settings", parse(schema)));
              }
            });
    if (!topAllOf.isEmpty()) {
      fragment.set("allOf", topAllOf);
    }
    ObjectNode step = f.objectNode();
    if (!taskIds.isEmpty()) {
      step.putObject("properties").putObject("task").set("examples", taskIds);
    }
    ArrayNode stepAllOf = f.arrayNode();
    tasks
        .ids()
        .forEach(
            id -> stepAllOf.add(when("task", id, false, "args", parse(schemas.get("task " + id)))));
    if (!stepAllOf.isEmpty()) {
      step.set("allOf", stepAllOf);
    }
    if (!step.isEmpty()) {
      fragment.putObject("$defs").set("step", step);
    }
    return fragment;
  }

  /**
   * {@code if key == id then value: schema} (and {@code value:} required when the schema requires
   * something). {@code byDefault}: the key may be left out and means {@code id}.
   */
  private static ObjectNode when(
      String key, String id, boolean byDefault, String value, JsonNode schema) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode rule = f.objectNode();
    ObjectNode condition = rule.putObject("if");
    condition.putObject("properties").putObject(key).put("const", id);
    if (!byDefault) {
      condition.putArray("required").add(key);
    }
    ObjectNode then = rule.putObject("then");
    then.putObject("properties").set(value, schema);
    if (schema.path("required").isArray() && !schema.path("required").isEmpty()) {
      then.putArray("required").add(value);
    }
    return rule;
  }

  private static JsonNode parse(String schema) {
    try {
      return JSON.readTree(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // checked when the plugin was loaded
    }
  }
}

package dev.rollrun.core.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Task;
import dev.rollrun.core.behaviour.DefaultHealth;
import dev.rollrun.core.problem.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads the plugins of some {@link PluginSource}s with PF4J, one path at a time, so that each
 * broken one is named with why and skipped, never taking the others (or rollrun) down with it:
 *
 * <ul>
 *   <li>a jar that is not a plugin (no {@code Plugin-Id} in its manifest, no {@code
 *       plugin.properties});
 *   <li>a plugin whose {@code Plugin-Requires} does not hold this rollrun's API version;
 *   <li>a second plugin with an id already loaded (the first one found wins: sources in order);
 *   <li>a plugin whose start throws, or whose extensions cannot be created, or have an id another
 *       plugin took, or declare a schema that is not JSON, or a default health that is not a gate;
 *   <li>a plugin that provides nothing (no extension index: built without PF4J's annotation
 *       processor).
 * </ul>
 *
 * A plugin is used whole or not at all.
 */
public final class PluginHost {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PluginHost() {}

  /** Loads and starts every plugin of {@code sources}, in order; lists them in the order found. */
  public static Plugins load(List<PluginSource> sources) {
    RollrunPluginManager manager = new RollrunPluginManager();
    List<LoadedPlugin> listed = new ArrayList<>();
    Map<String, Candidate> loaded = new LinkedHashMap<>();
    Set<Path> seen = new HashSet<>();
    List<Path> seenInOrder = new ArrayList<>();
    for (PluginSource source : sources) {
      for (Path path : pluginPaths(source)) {
        Path real = realPath(path);
        if (!seen.add(real)) {
          continue;
        }
        seenInOrder.add(path);
        load(manager, path, source.origin(), loaded, listed);
      }
    }
    if (!loaded.isEmpty()) {
      manager.startPlugins();
    }
    List<ClusterBehaviour> behaviours = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    Map<String, String> providers = new LinkedHashMap<>();
    Map<String, String> schemas = new LinkedHashMap<>();
    for (Candidate candidate : loaded.values()) {
      listed.add(candidate.finish(manager, behaviours, tasks, providers, schemas));
    }
    List<Path> found = new ArrayList<>(seenInOrder);
    listed.sort(java.util.Comparator.comparingInt(p -> found.indexOf(p.path())));
    return new Plugins(listed, behaviours, tasks, providers, schemas);
  }

  private static void load(
      RollrunPluginManager manager,
      Path path,
      String origin,
      Map<String, Candidate> loaded,
      List<LoadedPlugin> listed) {
    PluginDescriptor descriptor;
    try {
      descriptor = manager.descriptorOf(path);
    } catch (RuntimeException e) {
      descriptor = null;
    }
    if (descriptor == null
        || descriptor.getPluginId() == null
        || descriptor.getPluginId().isBlank()) {
      listed.add(
          LoadedPlugin.broken(
              null,
              null,
              path,
              origin,
              "not a plugin",
              path
                  + ": not a rollrun plugin: its manifest has no Plugin-Id and it holds no"
                  + " plugin.properties"));
      return;
    }
    String id = descriptor.getPluginId();
    String version = descriptor.getVersion();
    Candidate first = loaded.get(id);
    if (first != null) {
      listed.add(
          LoadedPlugin.broken(
              id,
              version,
              path,
              origin,
              "duplicate",
              path
                  + ": plugin id \""
                  + id
                  + "\" is already taken by "
                  + first.path
                  + "; remove one of them"));
      return;
    }
    if (!manager.apiSatisfies(descriptor.getRequires())) {
      listed.add(
          LoadedPlugin.broken(
              id,
              version,
              path,
              origin,
              "incompatible",
              path
                  + ": plugin "
                  + id
                  + " "
                  + version
                  + " requires the rollrun API "
                  + descriptor.getRequires().strip()
                  + ", this rollrun has API "
                  + manager.getSystemVersion()
                  + "; use a build of the plugin for this API"));
      return;
    }
    try {
      manager.loadPlugin(path);
    } catch (RuntimeException | LinkageError e) {
      listed.add(
          LoadedPlugin.broken(
              id, version, path, origin, "failed", path + ": cannot load plugin: " + reason(e)));
      return;
    }
    loaded.put(id, new Candidate(id, version, path, origin));
  }

  /** A plugin PF4J loaded, to be checked once started. */
  private record Candidate(String id, String version, Path path, String origin) {

    LoadedPlugin finish(
        RollrunPluginManager manager,
        List<ClusterBehaviour> behaviours,
        List<Task> tasks,
        Map<String, String> providers,
        Map<String, String> schemas) {
      PluginWrapper wrapper = manager.getPlugin(id);
      if (wrapper.getPluginState() != PluginState.STARTED) {
        Throwable failure = wrapper.getFailedException();
        return broken(
            "failed",
            "plugin " + id + " did not start" + (failure == null ? "" : ": " + reason(failure)));
      }
      List<ClusterBehaviour> myBehaviours = new ArrayList<>();
      List<Task> myTasks = new ArrayList<>();
      Map<String, String> mySchemas = new LinkedHashMap<>();
      try {
        for (Class<? extends ClusterBehaviour> type :
            manager.getExtensionClasses(ClusterBehaviour.class, id)) {
          ClusterBehaviour behaviour = create(type);
          String problem = checkId("cluster behaviour", behaviour.id(), type, providers);
          if (problem != null) {
            return broken("failed", problem);
          }
          if (behaviour.settingsSchema() != null) {
            mySchemas.put("behaviour " + behaviour.id(), json(behaviour.settingsSchema(), type));
          }
          try {
            DefaultHealth.of(behaviour);
          } catch (InvalidConfigException e) {
            return broken(
                "failed",
                "cluster behaviour "
                    + behaviour.id()
                    + ": its default health is not a valid gate: "
                    + e.problems().get(0));
          }
          myBehaviours.add(behaviour);
        }
        for (Class<? extends Task> type : manager.getExtensionClasses(Task.class, id)) {
          Task task = create(type);
          String problem = checkId("task", task.id(), type, providers);
          if (problem != null) {
            return broken("failed", problem);
          }
          mySchemas.put("task " + task.id(), json(task.argsSchema(), type));
          myTasks.add(task);
        }
      } catch (BadExtension e) {
        return broken("failed", e.getMessage());
      } catch (RuntimeException | LinkageError e) {
        return broken("failed", "plugin " + id + ": " + reason(e));
      }
      if (myBehaviours.isEmpty() && myTasks.isEmpty()) {
        Set<String> indexed = manager.getExtensionClassNames(id);
        return broken(
            "failed",
            indexed == null || indexed.isEmpty()
                ? "plugin "
                    + id
                    + " provides nothing: it has no extension index (META-INF/extensions.idx);"
                    + " build it with PF4J's annotation processor (annotationProcessorPaths)"
                : "plugin "
                    + id
                    + " provides no rollrun behaviour or task: its extensions "
                    + indexed
                    + " implement neither ClusterBehaviour nor Task");
      }
      myBehaviours.forEach(b -> providers.put("cluster behaviour " + b.id(), path.toString()));
      myTasks.forEach(t -> providers.put("task " + t.id(), path.toString()));
      behaviours.addAll(myBehaviours);
      tasks.addAll(myTasks);
      schemas.putAll(mySchemas);
      return new LoadedPlugin(
          id,
          version,
          path,
          origin,
          LoadedPlugin.STARTED,
          myBehaviours.stream().map(ClusterBehaviour::id).toList(),
          myTasks.stream().map(Task::id).toList(),
          null);
    }

    private LoadedPlugin broken(String state, String problem) {
      return LoadedPlugin.broken(id, version, path, origin, state, path + ": " + problem);
    }

    private String checkId(
        String kind, String extensionId, Class<?> type, Map<String, String> providers) {
      if (extensionId == null || extensionId.isBlank()) {
        return kind + " " + type.getName() + " has no id";
      }
      String taken = providers.get(kind + " " + extensionId);
      return taken == null
          ? null
          : kind + " id \"" + extensionId + "\" is already taken by " + taken;
    }

    private <T> T create(Class<T> type) {
      try {
        return type.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Throwable cause =
            e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
        throw new BadExtension(
            "plugin " + id + ": cannot create " + type.getName() + ": " + reason(cause));
      }
    }

    private String json(String schema, Class<?> type) {
      try {
        JsonNode node = JSON.readTree(schema);
        if (node == null || !node.isObject()) {
          throw new BadExtension(
              "plugin "
                  + id
                  + ": "
                  + type.getName()
                  + " declares a schema that is not a JSON object");
        }
        return schema;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new BadExtension(
            "plugin "
                + id
                + ": "
                + type.getName()
                + " declares a schema that is not JSON: "
                + e.getOriginalMessage());
      }
    }
  }

  /** An extension of a plugin that cannot be used; the plugin is skipped with this message. */
  private static final class BadExtension extends RuntimeException {
    BadExtension(String message) {
      super(message);
    }
  }

  /** The plugins of a source: one path, or the jars directly in a folder, by name. */
  private static List<Path> pluginPaths(PluginSource source) {
    if (!source.folder()) {
      return Files.exists(source.path()) ? List.of(source.path()) : List.of();
    }
    if (!Files.isDirectory(source.path())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(source.path())) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  /** An exception in one line: its message, or its type when it has none. */
  static String reason(Throwable e) {
    Set<String> said = new LinkedHashSet<>();
    for (Throwable t = e; t != null && said.size() < 3; t = t.getCause()) {
      String message = t.getMessage();
      said.add(
          message == null || message.isBlank()
              ? t.getClass().getSimpleName()
              : t.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(""));
      if (t.getCause() == t) {
        break;
      }
    }
    return String.join(" <- ", said);
  }
}

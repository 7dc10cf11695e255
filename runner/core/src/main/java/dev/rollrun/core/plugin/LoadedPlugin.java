package dev.rollrun.core.plugin;

import java.nio.file.Path;
import java.util.List;

/**
 * One plugin as {@code rollrun plugins} lists it: what it is, where it came from, whether it runs,
 * and what it provides; a broken one with why.
 *
 * @param id the plugin id, or null when the file is not a plugin
 * @param version the plugin version, or null
 * @param path the jar (or directory)
 * @param origin where it was found ({@link PluginSource#origin()})
 * @param state {@code started}, or why not: {@code not a plugin}, {@code incompatible}, {@code
 *     duplicate}, {@code failed}
 * @param behaviours the ids of the cluster behaviours it provides
 * @param tasks the ids of the tasks it provides
 * @param problem why it was skipped, in one line naming the file; null when it is started
 */
public record LoadedPlugin(
    String id,
    String version,
    Path path,
    String origin,
    String state,
    List<String> behaviours,
    List<String> tasks,
    String problem) {

  public static final String STARTED = "started";

  public LoadedPlugin {
    behaviours = List.copyOf(behaviours);
    tasks = List.copyOf(tasks);
  }

  public boolean started() {
    return problem == null;
  }

  static LoadedPlugin broken(
      String id, String version, Path path, String origin, String state, String problem) {
    return new LoadedPlugin(id, version, path, origin, state, List.of(), List.of(), problem);
  }
}

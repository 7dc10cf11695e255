package dev.rollrun.core.load;

import dev.rollrun.api.Task;
import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.config.StepExtensions;
import dev.rollrun.core.js.JsScripts;
import dev.rollrun.core.plugin.LoadedPlugin;
import dev.rollrun.core.plugin.Plugins;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What plugins and JavaScript add to a playbook: the cluster behaviours and tasks of the loaded
 * plugins, the plugins that were skipped (a run that needs one of them refuses to start, exit 4),
 * and the compiler of {@code js:} files, whose GraalVM engine starts only when a playbook has one.
 */
public final class Extensions implements StepExtensions {

  private final Plugins plugins;
  private final JsScripts scripts;

  public Extensions(Plugins plugins, JsScripts scripts) {
    this.plugins = plugins;
    this.scripts = scripts;
  }

  /** Only these behaviours: no plugin, no task, no JavaScript. */
  public static Extensions of(BehaviourCatalog behaviours) {
    return new Extensions(Plugins.of(behaviours), new JsScripts());
  }

  public Plugins plugins() {
    return plugins;
  }

  public BehaviourCatalog behaviours() {
    return plugins.behaviours();
  }

  public List<LoadedPlugin> broken() {
    return plugins.broken();
  }

  @Override
  public Optional<Task> task(String id) {
    return plugins.tasks().find(id);
  }

  @Override
  public CompiledScript script(Path file, String displayName) {
    return scripts.compile(file, displayName);
  }
}

package dev.rollrun.cli;

import dev.rollrun.api.ApiVersion;
import dev.rollrun.api.Task;
import dev.rollrun.core.plugin.LoadedPlugin;
import dev.rollrun.core.plugin.Plugins;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun plugins}: every plugin found, with its id, version, file, where it was found, its
 * state, and the behaviours and tasks it provides; a skipped one with why. Exit 4 when a plugin was
 * skipped, so that a script can tell.
 */
@Command(
    name = "plugins",
    description =
        "List the plugins: id, version, file, state, the behaviours and tasks each provides; a"
            + " skipped plugin with why (exit 4 when one was skipped).",
    mixinStandardHelpOptions = true)
final class PluginsCommand implements Callable<Integer> {

  private final Wiring wiring;

  PluginsCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Plugins plugins = wiring.plugins();
    out.println("rollrun API " + ApiVersion.current());
    if (plugins.listed().isEmpty()) {
      out.println("no plugins found (see rollrun --help, --plugins)");
    }
    for (LoadedPlugin plugin : plugins.listed()) {
      out.println();
      out.println(
          (plugin.id() == null ? "-" : plugin.id())
              + "  "
              + (plugin.version() == null ? "-" : plugin.version())
              + "  "
              + plugin.state());
      out.println("  file        " + plugin.path() + " (" + plugin.origin() + ")");
      if (!plugin.behaviours().isEmpty()) {
        out.println("  behaviours  " + String.join(", ", plugin.behaviours()));
      }
      for (String id : plugin.tasks()) {
        String description = plugins.tasks().find(id).map(Task::description).orElse("");
        out.println("  task        " + id + (description.isBlank() ? "" : ": " + description));
      }
      if (!plugin.started()) {
        out.println("  problem     " + plugin.problem());
      }
    }
    out.flush();
    List<LoadedPlugin> broken = plugins.broken();
    return broken.isEmpty() ? ExitCodes.OK : ExitCodes.PLUGIN_FAILED;
  }
}

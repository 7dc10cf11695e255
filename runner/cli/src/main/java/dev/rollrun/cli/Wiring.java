package dev.rollrun.cli;

import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.demo.DemoFleetSource;
import dev.rollrun.core.js.JsScripts;
import dev.rollrun.core.load.Extensions;
import dev.rollrun.core.load.PlanLoader;
import dev.rollrun.core.load.SshHostRoutes;
import dev.rollrun.core.plugin.LoadedPlugin;
import dev.rollrun.core.plugin.PluginHost;
import dev.rollrun.core.plugin.PluginSource;
import dev.rollrun.core.plugin.Plugins;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.core.ssh.SshWarningListener;
import dev.rollrun.core.text.Redactor;
import dev.rollrun.core.validate.HostRoutes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The object graph of every command, built in this one place: the plugins (loaded on first use, so
 * {@code --version} and {@code --help} pay nothing for them), the schemas with the plugins'
 * fragments merged, the cluster behaviours and tasks, the JavaScript compiler (whose engine starts
 * only for a playbook with {@code js:} steps), the inventory sources, the plan loaders and the SSH
 * shell. Commands receive it through their constructor ({@link #commands()}).
 *
 * <p>Plugins are looked for, in this order (the first plugin of an id wins; a later one of the same
 * id is listed as a duplicate and skipped):
 *
 * <ol>
 *   <li>the distribution's {@code plugins/} (the launcher passes {@code -Drollrun.home}): {@code
 *       service} ships there;
 *   <li>the paths of the system property {@code rollrun.plugins} (jars or classes directories,
 *       separated by the path separator): how tests and embedders add plugins;
 *   <li>the {@code plugins/} folder next to the repository's {@code ./rollrun} launcher ({@code
 *       ROLLRUN_REPOSITORY}), jars directly in it (its subfolders are plugin sources);
 *   <li>{@code ~/.rollrun/plugins/};
 *   <li>every {@code --plugins DIR}.
 * </ol>
 */
final class Wiring {

  private final SchemaCatalog baseSchemas;
  private final Supplier<Plugins> plugins;
  private volatile Loaded loaded;
  private TerminalAccess terminals = TerminalAccess.NONE;

  /** The plugins and what they make: schemas and extensions, built once. */
  private record Loaded(Plugins plugins, SchemaCatalog schemas, Extensions extensions) {}

  Wiring(SchemaCatalog schemas, BehaviourCatalog behaviours) {
    this(schemas, () -> Plugins.of(behaviours));
  }

  Wiring(SchemaCatalog schemas, Supplier<Plugins> plugins) {
    this.baseSchemas = schemas;
    this.plugins = plugins;
  }

  private Loaded loaded() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (this) {
        l = loaded;
        if (l == null) {
          Plugins found = plugins.get();
          l =
              new Loaded(
                  found,
                  baseSchemas.withPlaybookFragment(found.schemaFragment()),
                  new Extensions(found, new JsScripts()));
          loaded = l;
        }
      }
    }
    return l;
  }

  /**
   * The operator's terminal and whether standard output is it: none unless rollrun runs as its own
   * process ({@link Rollrun#main}).
   */
  TerminalAccess terminals() {
    return terminals;
  }

  /** The same graph, at this terminal. */
  Wiring atTerminal(TerminalAccess access) {
    this.terminals = access;
    return this;
  }

  /** Every plugin found, started or skipped. */
  Plugins plugins() {
    return loaded().plugins();
  }

  /** The schemas, with what the loaded plugins add. */
  SchemaCatalog schemas() {
    return loaded().schemas();
  }

  /**
   * Says on {@code err} which plugins were skipped and why: a run that does not need them goes on.
   */
  void warnSkippedPlugins(PrintWriter err) {
    for (LoadedPlugin broken : plugins().broken()) {
      err.println("rollrun: warning: plugin skipped: " + broken.problem());
    }
    err.flush();
  }

  /** The secret values of the plan loaded last, hidden in any error printed afterwards. */
  private volatile Redactor secrets = Redactor.NONE;

  /** Known secret values: none until a command loaded a plan. */
  Redactor secrets() {
    return secrets;
  }

  /** Records the secret values of a loaded plan, so that an error printed later hides them. */
  void secretsLoaded(Redactor redactor) {
    this.secrets = secrets.and(redactor);
  }

  /** What ships with rollrun, and the plugins of the usual places and of {@code --plugins}. */
  static Wiring builtIn(List<Path> pluginFolders) {
    return new Wiring(SchemaCatalog.builtIn(), () -> PluginHost.load(pluginSources(pluginFolders)));
  }

  /** Where plugins are looked for, in order (see the class comment). */
  static List<PluginSource> pluginSources(List<Path> pluginFolders) {
    return pluginSources(pluginFolders, System.getProperties(), System.getenv());
  }

  static List<PluginSource> pluginSources(
      List<Path> pluginFolders, java.util.Properties properties, Map<String, String> environment) {
    List<PluginSource> sources = new ArrayList<>();
    String home = properties.getProperty("rollrun.home");
    if (home != null && !home.isBlank()) {
      sources.add(PluginSource.folder(Path.of(home, "plugins"), "distribution"));
    }
    String extra = properties.getProperty("rollrun.plugins");
    if (extra != null) {
      for (String path : extra.split(java.io.File.pathSeparator)) {
        if (!path.isBlank()) {
          sources.add(PluginSource.plugin(Path.of(path.strip()), "rollrun.plugins"));
        }
      }
    }
    String repository = environment.get("ROLLRUN_REPOSITORY");
    if (repository != null && !repository.isBlank()) {
      sources.add(PluginSource.folder(Path.of(repository, "plugins"), "repository plugins/"));
    }
    String userHome = properties.getProperty("user.home");
    if (userHome != null) {
      sources.add(
          PluginSource.folder(Path.of(userHome, ".rollrun", "plugins"), "~/.rollrun/plugins"));
    }
    pluginFolders.forEach(f -> sources.add(PluginSource.folder(f, "--plugins")));
    return sources;
  }

  /**
   * A loader for the commands that only plan ({@code plan}, {@code validate}): {@code demo:N} gives
   * the demo fleet's hosts without starting it.
   */
  PlanLoader planningLoader() {
    Loaded l = loaded();
    return new PlanLoader(l.schemas(), l.extensions(), List.of(DemoFleetSource.plannedOnly()))
        .routedBy(sshRoutes());
  }

  /**
   * A loader for a roll or a dry run: {@code demo:N} starts the demo fleet, stopped when the loaded
   * plan is closed.
   */
  PlanLoader rollingLoader() {
    Loaded l = loaded();
    return new PlanLoader(l.schemas(), l.extensions(), List.of(DemoFleetSource.started()))
        .routedBy(sshRoutes());
  }

  /** Which machine each host reaches, as the operator's ssh_config resolves it. */
  private HostRoutes sshRoutes() {
    return new SshHostRoutes(sshResolver());
  }

  private SshTargetResolver resolver; // guarded by this

  /**
   * The operator's ssh_config ({@code ~/.ssh/config}, then {@code /etc/ssh/ssh_config}), read once
   * for a command: the duplicate-host check and the connections see the same settings.
   */
  synchronized SshTargetResolver sshResolver() {
    if (resolver == null) {
      resolver = SshTargetResolver.forCurrentUser();
    }
    return resolver;
  }

  /**
   * The operator's SSH settings.
   *
   * @param extraKnownHosts a known_hosts file read besides {@code ~/.ssh/known_hosts}, or null
   */
  SshSettings sshSettings(boolean acceptNewHostKeys, Path extraKnownHosts) {
    SshSettings settings = SshSettings.defaults().withAcceptNewHostKeys(acceptNewHostKeys);
    return extraKnownHosts == null ? settings : settings.withExtraKnownHosts(extraKnownHosts);
  }

  /**
   * Commands over SSH as the current user, with {@code ~/.ssh/config} honoured.
   *
   * @param warnings receives what the operator should know (a skipped known_hosts line, an accepted
   *     host key)
   */
  SshShell shell(SshSettings settings, SshWarningListener warnings) {
    return new SshShell(settings, sshResolver(), warnings);
  }

  /** Creates the commands with this graph; everything else as picocli would. */
  CommandLine.IFactory commands() {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == RollCommand.class) {
          return type.cast(new RollCommand(Wiring.this));
        }
        if (type == PlanCommand.class) {
          return type.cast(new PlanCommand(Wiring.this));
        }
        if (type == ResumeCommand.class) {
          return type.cast(new ResumeCommand(Wiring.this));
        }
        if (type == RecoverCommand.class) {
          return type.cast(new RecoverCommand(Wiring.this));
        }
        if (type == ValidateCommand.class) {
          return type.cast(new ValidateCommand(Wiring.this));
        }
        if (type == InventoryCommand.class) {
          return type.cast(new InventoryCommand(Wiring.this));
        }
        if (type == CheckCommand.class) {
          return type.cast(new CheckCommand(Wiring.this));
        }
        if (type == StatusCommand.class) {
          return type.cast(new StatusCommand(Wiring.this));
        }
        if (type == JmxCommand.class) {
          return type.cast(new JmxCommand(Wiring.this));
        }
        if (type == PluginsCommand.class) {
          return type.cast(new PluginsCommand(Wiring.this));
        }
        if (type == CompletionCommand.class) {
          return type.cast(new CompletionCommand(Wiring.this));
        }
        if (type == SchemaCommand.class) {
          return type.cast(new SchemaCommand(Wiring.this));
        }
        return fallback.create(type);
      }
    };
  }
}

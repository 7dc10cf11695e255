package dev.rollrun.core.load;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.inventory.InventoryReader;
import dev.rollrun.core.plan.PlanRequest;
import dev.rollrun.core.plan.PlanResult;
import dev.rollrun.core.plan.Planner;
import dev.rollrun.core.plan.SourceNames;
import dev.rollrun.core.plugin.LoadedPlugin;
import dev.rollrun.core.plugin.PluginLoadException;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.validate.HostRoutes;
import dev.rollrun.core.validate.InventoryChecks;
import dev.rollrun.core.validate.PlaybookChecks;
import dev.rollrun.core.yaml.TextFiles;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The first stage of the pipeline, load -> validate -> plan: reads the playbook, its inventory
 * (from a file, or from an {@link InventorySource} such as the demo fleet) and the {@code -e}
 * values, checks them, and hands the {@link PlanRequest} they make to the pure {@link Planner}.
 * Fails with every problem found, each naming its file:line:column.
 *
 * <p>What the command line chooses comes in through the constructor: the schemas, the cluster
 * behaviours and the inventory sources. That is where plugins will add theirs, and where node
 * discovery will join the inventory before the request is made.
 */
public final class PlanLoader {

  private final PlaybookReader playbooks;
  private final Extensions extensions;
  private final BehaviourCatalog behaviours;
  private final List<InventorySource> sources;
  private final HostRoutes routes;
  private final Planner planner = new Planner();

  public PlanLoader(
      SchemaCatalog schemas, BehaviourCatalog behaviours, List<InventorySource> sources) {
    this(schemas, Extensions.of(behaviours), sources);
  }

  /**
   * @param schemas the schemas, plugin fragments merged
   * @param extensions the behaviours and tasks of the loaded plugins, the skipped plugins, and the
   *     JavaScript compiler
   */
  public PlanLoader(SchemaCatalog schemas, Extensions extensions, List<InventorySource> sources) {
    this(
        new PlaybookReader(schemas, extensions),
        extensions,
        List.copyOf(sources),
        HostRoutes.AS_WRITTEN);
  }

  private PlanLoader(
      PlaybookReader playbooks,
      Extensions extensions,
      List<InventorySource> sources,
      HostRoutes routes) {
    this.playbooks = playbooks;
    this.extensions = extensions;
    this.behaviours = extensions.behaviours();
    this.sources = sources;
    this.routes = routes;
  }

  /**
   * The same loader, telling which machine each host reaches by these routes (the operator's
   * ssh_config: {@link SshHostRoutes}), so that two names for one machine are refused; without it
   * hosts are compared by their inventory address and port.
   */
  public PlanLoader routedBy(HostRoutes hostRoutes) {
    return new PlanLoader(playbooks, extensions, sources, hostRoutes);
  }

  /**
   * Loads, checks and plans one playbook. The result holds what the inventory source opened: close
   * it when done.
   */
  public LoadedPlan load(Path playbookPath, PlanOptions options) {
    YamlDocument document =
        new YamlDocumentReader("playbook")
            .read(playbookPath, SourceFiles.displayName(playbookPath));
    CompletableFuture<Inventory> early = readInventoryEarly(document, options);
    Playbook playbook;
    try {
      playbook = playbooks.read(document);
    } catch (RuntimeException e) {
      early.cancel(true);
      throw e;
    }
    OpenedInventory opened = open(playbook, early, options);
    try {
      return plan(playbook, opened, options);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  private LoadedPlan plan(Playbook playbook, OpenedInventory opened, PlanOptions options) {
    InventoryChecks checks = new InventoryChecks(options.home(), routes);
    ProblemCollector problems = new ProblemCollector();
    problems.addAll(checks.check(opened.inventory()));
    problems.throwIfAny();
    Inventory inventory =
        opened
            .inventory()
            .withWarnings(checks.notApplied(opened.inventory(), opened.inventory().hosts()));
    ExtraVars vars = ExtraVars.parse(options.extraVars());
    ClusterBehaviour behaviour = behaviour(playbook);
    List<ConfigProblem> unknownTasks =
        PlaybookChecks.unknownTasks(playbook, extensions.plugins().tasks());
    if (!unknownTasks.isEmpty()) {
      if (!extensions.broken().isEmpty()) {
        throw new PluginLoadException(needsBrokenPlugin(unknownTasks.get(0).toString()));
      }
      throw new InvalidConfigException(unknownTasks);
    }
    PlanRequest request =
        new PlanRequest(
            playbook,
            inventory,
            behaviour,
            names(playbook, options),
            options.limit(),
            vars.plain(),
            vars.secret(),
            options.environment());
    PlanResult result = planner.plan(request);
    return new LoadedPlan(
        playbook,
        inventory,
        result.plan(),
        result.redactor(),
        opened,
        inventoryFile(playbook, options),
        request);
  }

  /** The inventory file read, absolute; null when an inventory source made the inventory. */
  private Path inventoryFile(Playbook playbook, PlanOptions options) {
    if (options.inventory() != null) {
      return options.inventory().toAbsolutePath().normalize();
    }
    String reference = playbook.inventory().source();
    if (sourceOf(reference).isPresent()) {
      return null;
    }
    return playbook.path().resolveSibling(reference).toAbsolutePath().normalize();
  }

  /**
   * The behaviour {@code cluster:} names. When no loaded plugin has it and a plugin was skipped,
   * that plugin may be the one: the run refuses to start with the plugin's problem (exit 4) rather
   * than call the playbook wrong.
   */
  private ClusterBehaviour behaviour(Playbook playbook) {
    try {
      return PlaybookChecks.behaviour(playbook, behaviours);
    } catch (InvalidConfigException e) {
      if (extensions.broken().isEmpty()) {
        throw e;
      }
      throw new PluginLoadException(needsBrokenPlugin(e.problems().get(0).toString()));
    }
  }

  private String needsBrokenPlugin(String problem) {
    StringBuilder message =
        new StringBuilder(problem).append("; it may be provided by a plugin that failed to load:");
    for (LoadedPlugin broken : extensions.broken()) {
      message.append("\n  ").append(broken.problem());
    }
    return message.toString();
  }

  /** The inventory from {@code --inventory}, an inventory source, or the playbook's file. */
  private OpenedInventory open(
      Playbook playbook, CompletableFuture<Inventory> early, PlanOptions options) {
    if (options.inventory() == null && playbook.inventory() != null) {
      String reference = playbook.inventory().source();
      Optional<InventorySource> source = sourceOf(reference);
      if (source.isPresent()) {
        early.cancel(true);
        try {
          return source.get().open(reference);
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException(playbook.inventory().position(), e.getMessage());
        }
      }
    }
    return OpenedInventory.of(
        early.isCancelled() ? readInventory(playbook, options) : await(early));
  }

  private Optional<InventorySource> sourceOf(String reference) {
    return sources.stream().filter(s -> s.resolves(reference)).findFirst();
  }

  /** What the digest calls the playbook and the inventory (see {@link SourceNames}). */
  private SourceNames names(Playbook playbook, PlanOptions options) {
    String file = playbook.path().getFileName().toString();
    if (options.inventory() != null) {
      return new SourceNames(
          file, SourceFiles.besidePlaybook(playbook.path(), options.inventory()));
    }
    String reference = playbook.inventory().source();
    if (sourceOf(reference).isPresent()) {
      return new SourceNames(file, reference.strip());
    }
    return new SourceNames(
        file,
        SourceFiles.besidePlaybook(playbook.path(), playbook.path().resolveSibling(reference)));
  }

  /**
   * Starts reading the inventory while the playbook is checked: compiling the JSON Schemas on first
   * use costs about as much as parsing a 5,000-host inventory, and two cores do both at once. Only
   * an inventory that plainly exists is read early; every other case, and every error, takes the
   * ordinary path after the playbook is known to be valid.
   */
  private CompletableFuture<Inventory> readInventoryEarly(
      YamlDocument playbook, PlanOptions options) {
    Path path;
    String display;
    if (options.inventory() != null) {
      path = options.inventory();
      display = path.normalize().toString();
    } else {
      Optional<String> reference = PlaybookReader.inventoryReference(playbook);
      if (reference.isEmpty() || sourceOf(reference.get()).isPresent()) {
        return cancelled();
      }
      path = playbook.path().resolveSibling(reference.get()).normalize();
      display = SourceFiles.displayBeside(playbook.displayName(), reference.get());
    }
    if (!Files.isRegularFile(path)) {
      return cancelled();
    }
    return CompletableFuture.supplyAsync(() -> new InventoryReader().read(path, display));
  }

  private static CompletableFuture<Inventory> cancelled() {
    CompletableFuture<Inventory> none = new CompletableFuture<>();
    none.cancel(false);
    return none;
  }

  private static Inventory await(CompletableFuture<Inventory> early) {
    try {
      return early.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static Inventory readInventory(Playbook playbook, PlanOptions options) {
    if (options.inventory() != null) {
      Path path = options.inventory();
      if (!Files.exists(path)) {
        throw new UsageException(
            "--inventory " + path + ": no such file" + TextFiles.similarFileName(path));
      }
      return new InventoryReader().read(path, SourceFiles.displayName(path));
    }
    if (playbook.inventory() == null) {
      throw new InvalidConfigException(
          playbook.valuePosition(""),
          "no inventory: add inventory: <file> to the playbook or pass --inventory FILE");
    }
    String relative = playbook.inventory().source();
    Path path = playbook.path().resolveSibling(relative).normalize();
    if (!Files.exists(path)) {
      throw new InvalidConfigException(
          playbook.inventory().position(),
          "inventory \""
              + relative
              + "\" not found (looked for "
              + path
              + ")"
              + TextFiles.similarFileName(path));
    }
    return new InventoryReader()
        .read(path, SourceFiles.displayBeside(playbook.displayName(), relative));
  }
}

package dev.rollrun.core.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.demo.DemoFleet;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.inventory.InventoryReader;
import dev.rollrun.core.plan.PlanRequest;
import dev.rollrun.core.plan.Planner;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.validate.InventoryChecks;
import dev.rollrun.core.yaml.JsonValues;
import dev.rollrun.core.yaml.TextFiles;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * load -> validate -> plan: reads the playbook and its inventory, checks both, parses {@code -e}
 * and makes the plan. Fails with every problem found, each naming its file:line:column.
 */
public final class PlanLoader {

  private final PlaybookReader playbooks =
      new PlaybookReader(dev.rollrun.core.schema.SchemaCatalog.builtIn());
  private final BehaviourCatalog behaviours;

  public PlanLoader(BehaviourCatalog behaviours) {
    this.behaviours = behaviours;
  }

  public LoadedPlan load(Path playbookPath, PlanOptions options) {
    String display = displayName(playbookPath);
    YamlDocument document = new YamlDocumentReader("playbook").read(playbookPath, display);
    CompletableFuture<Inventory> early = readInventoryEarly(document, options);
    Playbook playbook;
    try {
      playbook = playbooks.read(document);
    } catch (RuntimeException e) {
      early.cancel(true);
      throw e;
    }
    DemoFleet demo = null;
    if (options.inventory() == null
        && playbook.inventory() != null
        && DemoFleet.isDemo(playbook.inventory().source())) {
      try {
        demo = DemoFleet.start(playbook.inventory().source());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(playbook.inventory().position(), e.getMessage());
      }
    }
    try {
      return load(playbook, demo, early, options);
    } catch (RuntimeException e) {
      if (demo != null) {
        demo.close();
      }
      throw e;
    }
  }

  private LoadedPlan load(
      Playbook playbook, DemoFleet demo, CompletableFuture<Inventory> early, PlanOptions options) {
    Inventory inventory;
    if (demo != null) {
      early.cancel(true);
      inventory = demo.inventory();
    } else if (early.isCancelled()) {
      inventory = inventory(playbook, options);
    } else {
      inventory = await(early);
    }
    ProblemCollector problems = new ProblemCollector();
    problems.addAll(new InventoryChecks(options.home()).check(inventory));
    problems.throwIfAny();

    Map<String, Object> extra = new LinkedHashMap<>();
    Map<String, Object> secrets = new LinkedHashMap<>();
    for (String e : options.extraVars()) {
      if (e.startsWith("@")) {
        secrets.putAll(secretsFile(e.substring(1)));
      } else {
        int eq = e.indexOf('=');
        if (eq <= 0) {
          throw new UsageException(
              "-e " + e + ": expected key=value, or @file.yml for a file of secret values");
        }
        extra.put(e.substring(0, eq).strip(), e.substring(eq + 1));
      }
    }
    PlanRequest request =
        new PlanRequest(
            playbook, inventory, options.limit(), extra, secrets, options.environment());
    RolloutPlan plan = new Planner(behaviours).plan(request);
    return new LoadedPlan(playbook, inventory, plan, demo);
  }

  /**
   * Starts reading the inventory while the playbook is checked: compiling the JSON Schemas on first
   * use costs about as much as parsing a 5,000-host inventory, and two cores do both at once. Only
   * an inventory that plainly exists is read early; every other case, and every error, takes the
   * ordinary path after the playbook is known to be valid.
   */
  private static CompletableFuture<Inventory> readInventoryEarly(
      YamlDocument playbook, PlanOptions options) {
    Path path;
    String display;
    if (options.inventory() != null) {
      path = options.inventory();
      display = path.normalize().toString();
    } else {
      JsonNode reference = playbook.root().path("inventory");
      if (!reference.isTextual() || DemoFleet.isDemo(reference.asText())) {
        return cancelled();
      }
      path = playbook.path().resolveSibling(reference.asText()).normalize();
      display = inventoryDisplayName(playbook.displayName(), reference.asText());
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

  private static String inventoryDisplayName(String playbookDisplay, String relative) {
    Path displayParent = Path.of(playbookDisplay).getParent();
    return (displayParent == null ? Path.of(relative) : displayParent.resolve(relative))
        .normalize()
        .toString();
  }

  private Inventory inventory(Playbook playbook, PlanOptions options) {
    if (options.inventory() != null) {
      Path path = options.inventory();
      if (!Files.exists(path)) {
        throw new UsageException(
            "--inventory " + path + ": no such file" + TextFiles.similarFileName(path));
      }
      return new InventoryReader().read(path, displayName(path));
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
    return new InventoryReader().read(path, inventoryDisplayName(playbook.displayName(), relative));
  }

  /** A path as messages name it: as given, without "./" or "a/../" ("." stays "."). */
  private static String displayName(Path path) {
    String normalized = path.normalize().toString();
    return normalized.isEmpty() ? path.toString() : normalized;
  }

  private static Map<String, Object> secretsFile(String file) {
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      throw new UsageException("-e @" + file + ": no such file" + TextFiles.similarFileName(path));
    }
    YamlDocument doc = new YamlDocumentReader("vars file").read(path, displayName(path));
    JsonNode root = doc.root();
    if (!root.isObject()) {
      throw new InvalidConfigException(
          doc.valuePosition(""),
          "a vars file is a mapping of names to values (password: ...), found "
              + (root.isArray() ? "a list" : "plain text"));
    }
    return JsonValues.toMap(root);
  }
}

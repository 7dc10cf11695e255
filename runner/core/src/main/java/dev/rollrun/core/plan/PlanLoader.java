package dev.rollrun.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.config.InvalidConfigException;
import dev.rollrun.core.config.JsonValues;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.config.ProblemCollector;
import dev.rollrun.core.config.TextFiles;
import dev.rollrun.core.config.UsageException;
import dev.rollrun.core.config.YamlDocument;
import dev.rollrun.core.config.YamlDocumentReader;
import dev.rollrun.core.demo.DemoFleet;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.inventory.InventoryReader;
import dev.rollrun.core.validate.InventoryChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * load -> validate -> plan: reads the playbook and its inventory, checks both, parses {@code -e}
 * and makes the plan. Fails with every problem found, each naming its file:line:column.
 */
public final class PlanLoader {

  private final PlaybookReader playbooks = new PlaybookReader();
  private final BehaviourCatalog behaviours;

  public PlanLoader(BehaviourCatalog behaviours) {
    this.behaviours = behaviours;
  }

  public LoadedPlan load(Path playbookPath, PlanOptions options) {
    String display = displayName(playbookPath);
    Playbook playbook = playbooks.read(playbookPath, display);
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
      return load(playbook, demo, options);
    } catch (RuntimeException e) {
      if (demo != null) {
        demo.close();
      }
      throw e;
    }
  }

  private LoadedPlan load(Playbook playbook, DemoFleet demo, PlanOptions options) {
    Inventory inventory = demo != null ? demo.inventory() : inventory(playbook, options);
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
    Path displayParent = Path.of(playbook.displayName()).getParent();
    String display =
        (displayParent == null ? Path.of(relative) : displayParent.resolve(relative))
            .normalize()
            .toString();
    return new InventoryReader().read(path, display);
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

package dev.rollrun.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads an inventory in whichever format the operator already has: rollrun YAML, Ansible YAML (a
 * top-level {@code all:} or groups with {@code hosts:}/{@code children:}) or Ansible INI (any file
 * not named {@code .yml}, {@code .yaml} or {@code .json}).
 */
public final class InventoryReader {

  public Inventory read(Path path, String displayName) {
    // "/" has no file name; it is read (and refused as a directory) like any other path.
    String name =
        path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json");
    if (!yaml) {
      return new AnsibleIniInventoryParser()
          .parse(displayName, dev.rollrun.core.yaml.TextFiles.read(path, displayName, "inventory"));
    }
    YamlDocument doc = new YamlDocumentReader("inventory").read(path, displayName);
    if (isAnsibleYaml(doc.root())) {
      return new AnsibleYamlInventoryParser().parse(doc);
    }
    return new RollrunInventoryParser().parse(doc);
  }

  /** Ansible's YAML keys groups at the top; rollrun's has hosts:, defaults:, groups:. */
  static boolean isAnsibleYaml(JsonNode root) {
    if (!root.isObject()) {
      return false;
    }
    if (root.has("all")) {
      return true;
    }
    if (root.has("hosts") || root.has("defaults") || root.has("groups")) {
      return false;
    }
    var fields = root.fields();
    while (fields.hasNext()) {
      JsonNode group = fields.next().getValue();
      if (group.isObject() && (group.has("hosts") || group.has("children"))) {
        return true;
      }
    }
    return false;
  }
}

package dev.rollrun.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.yaml.TextFiles;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import dev.rollrun.core.yaml.YamlVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an inventory in whichever format the operator already has, choosing as Ansible's inventory
 * plugins choose (yaml, then ini):
 *
 * <ul>
 *   <li>a file named {@code .yml}, {@code .yaml} or {@code .json} is rollrun's own YAML when it has
 *       {@code hosts:}, {@code defaults:} or {@code groups:} and no {@code all:}, else an Ansible
 *       YAML inventory;
 *   <li>a file without an extension is an Ansible YAML inventory when it reads as a YAML mapping,
 *       else Ansible INI; a file with any other extension is Ansible INI;
 *   <li>a directory is an Ansible inventory made of its files in name order, its subdirectories
 *       included, leaving out what Ansible leaves out: hidden files, {@code group_vars}, {@code
 *       host_vars}, and names ending in {@code .ini}, {@code .cfg}, {@code .retry}, {@code .orig},
 *       {@code .md}, {@code .txt}, {@code .rst}, {@code .bak}, {@code .swp}, {@code .rpm}, {@code
 *       .pyc}, {@code .pyo} or {@code ~};
 *   <li>beside an Ansible inventory (in the directory itself, or the file's directory), {@code
 *       group_vars/} and {@code host_vars/} are read ({@link AnsibleVarsFiles}).
 * </ul>
 *
 * Refused, each with its reason: an inventory plugin's configuration ({@code plugin: aws_ec2}), an
 * inventory script ({@code #!}), a TOML inventory, a vault-encrypted file, and an Ansible inventory
 * that names no host.
 */
public final class InventoryReader {

  private static final Pattern IGNORED =
      Pattern.compile(
          "^\\..*|^host_vars$|^group_vars$|^vars_plugins$"
              + "|.*(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst|\\.orig|\\.ini|\\.cfg"
              + "|\\.retry)$");

  /** Reads the inventory at {@code path}, a file or a directory. */
  public Inventory read(Path path, String displayName) {
    if (Files.isDirectory(path)) {
      if (path.toAbsolutePath().normalize().getParent() == null) {
        throw new InvalidConfigException(
            SourcePosition.wholeFile(displayName),
            "is the root directory, not an inventory; name an inventory file or a directory of"
                + " inventory files");
      }
      return readDirectory(path, displayName);
    }
    String text = TextFiles.read(path, displayName, "inventory");
    refuseWhatIsNoStaticInventory(text, path, displayName);
    String extension = AnsibleVarsFiles.extension(path.getFileName().toString());
    if (!extension.isEmpty() && isYamlName(extension)) {
      YamlDocument doc = new YamlDocumentReader("inventory").parse(path, displayName, text);
      refusePluginConfiguration(doc);
      if (isRollrunYaml(doc.root())) {
        return new RollrunInventoryParser().parse(doc);
      }
    }
    ProblemCollector problems = new ProblemCollector();
    AnsibleInventoryBuilder builder = new AnsibleInventoryBuilder(displayName, problems);
    readAnsibleFile(builder, problems, path, displayName, text);
    Path parent = path.toAbsolutePath().getParent();
    Path displayParent = Path.of(displayName).getParent();
    return finish(
        builder,
        problems,
        new AnsibleVarsFiles(
            parent, displayParent == null ? "" : displayParent.toString(), problems),
        SourcePosition.startOf(displayName));
  }

  private Inventory readDirectory(Path dir, String displayName) {
    ProblemCollector problems = new ProblemCollector();
    AnsibleInventoryBuilder builder = new AnsibleInventoryBuilder(displayName, problems);
    readDirectory(builder, problems, dir, displayName, new Walk());
    return finish(
        builder,
        problems,
        new AnsibleVarsFiles(dir, displayName, problems),
        SourcePosition.wholeFile(displayName));
  }

  /** The directories and files an inventory directory's walk has met: it ends, and soon. */
  private static final class Walk {
    static final int MAX_FILES = 1_000;
    final java.util.Set<Path> directories = new java.util.HashSet<>();
    int files;
  }

  private void readDirectory(
      AnsibleInventoryBuilder builder,
      ProblemCollector problems,
      Path dir,
      String displayName,
      Walk walk) {
    try {
      if (!walk.directories.add(dir.toRealPath())) {
        throw new InvalidConfigException(
            SourcePosition.wholeFile(displayName),
            "links back to a directory of the inventory already read (a symbolic link loop)");
      }
    } catch (IOException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName),
          "cannot read the inventory directory: "
              + (e.getMessage() == null ? "an input/output error" : e.getMessage()));
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.sorted().toList();
    } catch (IOException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName),
          "cannot read the inventory directory: "
              + (e instanceof java.nio.file.AccessDeniedException
                  ? "permission denied"
                  : e.getMessage() == null ? "an input/output error" : e.getMessage()));
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (IGNORED.matcher(name).matches()) {
        continue;
      }
      String display = displayName + (displayName.endsWith("/") ? "" : "/") + name;
      if (Files.isDirectory(entry)) {
        readDirectory(builder, problems, entry, display, walk);
        continue;
      }
      if (++walk.files > Walk.MAX_FILES) {
        throw new InvalidConfigException(
            SourcePosition.wholeFile(displayName),
            "the inventory directory holds more than "
                + Walk.MAX_FILES
                + " files; is it the right directory?");
      }
      String text = TextFiles.read(entry, display, "inventory");
      refuseWhatIsNoStaticInventory(text, entry, display);
      if (!AnsibleVarsFiles.extension(name).isEmpty()
          && isYamlName(AnsibleVarsFiles.extension(name))) {
        YamlDocument doc = new YamlDocumentReader("inventory").parse(entry, display, text);
        refusePluginConfiguration(doc);
        if (isRollrunYaml(doc.root())) {
          throw new InvalidConfigException(
              SourcePosition.startOf(display),
              "rollrun's own inventory format cannot be part of an Ansible inventory directory;"
                  + " pass this file alone with -i");
        }
      }
      readAnsibleFile(builder, problems, entry, display, text);
    }
  }

  /** One file of an Ansible inventory: YAML when its name allows and it reads as a mapping. */
  private static void readAnsibleFile(
      AnsibleInventoryBuilder builder,
      ProblemCollector problems,
      Path path,
      String displayName,
      String text) {
    String extension = AnsibleVarsFiles.extension(path.getFileName().toString());
    if (isYamlName(extension)) {
      YamlDocument doc;
      try {
        doc =
            new YamlDocumentReader("inventory", YamlVersion.YAML_1_1)
                .parse(path, displayName, text);
      } catch (InvalidConfigException e) {
        if (!extension.isEmpty()) {
          throw e;
        }
        doc = null; // not YAML: Ansible's ini plugin reads it next
      }
      if (doc != null && (doc.root().isObject() || !extension.isEmpty())) {
        refusePluginConfiguration(doc);
        new AnsibleYamlInventoryParser().read(builder, problems, doc);
        return;
      }
    }
    new AnsibleIniInventoryParser().read(builder, problems, displayName, text);
  }

  private static Inventory finish(
      AnsibleInventoryBuilder builder,
      ProblemCollector problems,
      AnsibleVarsFiles varsFiles,
      SourcePosition where) {
    if (builder.hostNames().isEmpty()) {
      problems.throwIfAny();
      throw new InvalidConfigException(
          where,
          "the inventory names no host (Ansible would read it as an empty inventory, and there is"
              + " nothing to roll)");
    }
    varsFiles.readInto(builder);
    Inventory inventory = builder.build();
    problems.throwIfAny();
    return inventory;
  }

  /** An empty extension is tried as YAML first, as Ansible's yaml plugin does. */
  private static boolean isYamlName(String extension) {
    String e = extension.toLowerCase(Locale.ROOT);
    return e.isEmpty() || e.equals(".yml") || e.equals(".yaml") || e.equals(".json");
  }

  private static void refuseWhatIsNoStaticInventory(String text, Path path, String displayName) {
    String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
    if (content.startsWith("#!")) {
      throw new InvalidConfigException(
          SourcePosition.startOf(displayName),
          "an inventory script (it starts with #!); rollrun reads static inventories only: save"
              + " its output (ansible-inventory -i "
              + path.getFileName()
              + " --list --yaml) and use that");
    }
    if (content.startsWith("$ANSIBLE_VAULT;")) {
      throw new InvalidConfigException(
          SourcePosition.startOf(displayName),
          "the inventory is encrypted with ansible-vault; " + AnsibleYamlInventoryParser.VAULT);
    }
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".toml")) {
      throw new InvalidConfigException(
          SourcePosition.startOf(displayName),
          "TOML inventories are not supported; write it as INI or YAML");
    }
  }

  /** A dynamic inventory's configuration ({@code plugin: aws_ec2}) looks like a YAML inventory. */
  private static void refusePluginConfiguration(YamlDocument doc) {
    JsonNode plugin = doc.root().path("plugin");
    if (plugin.isTextual() && !plugin.textValue().isBlank()) {
      throw new InvalidConfigException(
          doc.keyPosition("/plugin"),
          "\"plugin: "
              + plugin.textValue()
              + "\" configures an Ansible inventory plugin; rollrun reads static inventories only:"
              + " save its output (ansible-inventory -i "
              + doc.path().getFileName()
              + " --list --yaml) and use that");
    }
  }

  /**
   * rollrun's own YAML has {@code hosts:}, {@code defaults:} or {@code groups:} at the top and no
   * {@code all:}; any other mapping is Ansible's, whose top-level keys are groups (even a group
   * with nothing under it).
   */
  static boolean isRollrunYaml(JsonNode root) {
    if (!root.isObject() || root.has("all")) {
      return false;
    }
    if (!(root.has("hosts") || root.has("defaults") || root.has("groups"))) {
      return false;
    }
    // An Ansible group named "hosts" holds hosts:, vars: or children: itself.
    JsonNode hosts = root.path("hosts");
    return !(hosts.isObject()
        && (hosts.has("hosts") || hosts.has("children") || hosts.has("vars"))
        && !root.has("defaults"));
  }
}

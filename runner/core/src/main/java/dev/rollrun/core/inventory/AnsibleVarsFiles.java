package dev.rollrun.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.inventory.AnsibleInventoryBuilder.Value;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.yaml.TextFiles;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import dev.rollrun.core.yaml.YamlVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code group_vars/} and {@code host_vars/} directories beside an Ansible inventory, read as
 * Ansible's {@code host_group_vars} plugin and {@code DataLoader.find_vars_files} read them:
 *
 * <ul>
 *   <li>for a group or host named {@code web}: the first of {@code web}, {@code web.yml}, {@code
 *       web.yaml}, {@code web.json} that exists; when it is a directory, every file in it and its
 *       subdirectories, in name order, named without an extension or with one of those three,
 *       leaving out hidden files and backups ({@code ~});
 *   <li>each file is a YAML 1.1 mapping (JSON is YAML); an empty file counts as no variables; later
 *       files override earlier ones;
 *   <li>{@code group_vars/all} applies to every host; see {@link AnsibleInventoryBuilder} for where
 *       these variables come in Ansible's precedence.
 * </ul>
 *
 * <p>Files for a group or host the inventory does not have are not read, as in Ansible.
 */
final class AnsibleVarsFiles {

  private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

  private final Path basedir;
  private final String displayBase;
  private final ProblemCollector problems;

  /**
   * @param basedir the inventory file's directory, or the inventory directory itself
   * @param displayBase {@code basedir} as messages name it
   */
  AnsibleVarsFiles(Path basedir, String displayBase, ProblemCollector problems) {
    this.basedir = basedir;
    this.displayBase = displayBase;
    this.problems = problems;
  }

  /** Reads the variables of every group and host of {@code builder} into it. */
  void readInto(AnsibleInventoryBuilder builder) {
    Path groupVars = basedir.resolve("group_vars");
    if (Files.isDirectory(groupVars)) {
      for (String group : builder.groupNames()) {
        for (Path file : files(groupVars, group)) {
          builder.groupVarsFile(group, read(file));
        }
      }
    }
    Path hostVars = basedir.resolve("host_vars");
    if (Files.isDirectory(hostVars)) {
      for (String host : builder.hostNames()) {
        for (Path file : files(hostVars, host)) {
          builder.hostVarsFile(host, read(file));
        }
      }
    }
  }

  /** True when there is a {@code group_vars} or {@code host_vars} directory to read. */
  boolean exist() {
    return Files.isDirectory(basedir.resolve("group_vars"))
        || Files.isDirectory(basedir.resolve("host_vars"));
  }

  private static List<Path> files(Path dir, String name) {
    if (name.startsWith("/") || name.contains("/") || name.equals("..") || name.equals(".")) {
      return List.of();
    }
    for (String extension : EXTENSIONS) {
      Path candidate = dir.resolve(name + extension);
      if (Files.isDirectory(candidate)) {
        return directory(candidate);
      }
      if (Files.exists(candidate)) {
        return List.of(candidate);
      }
    }
    return List.of();
  }

  private static List<Path> directory(Path dir) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".") || name.endsWith("~")) {
          continue;
        }
        String extension = extension(name);
        if (Files.isDirectory(entry) && extension.isEmpty()) {
          found.addAll(directory(entry));
        } else if (Files.isRegularFile(entry) && EXTENSIONS.contains(extension)) {
          found.add(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** Python's {@code os.path.splitext}: a leading dot does not start an extension. */
  static String extension(String name) {
    int start = 0;
    while (start < name.length() && name.charAt(start) == '.') {
      start++;
    }
    int dot = name.lastIndexOf('.');
    return dot >= start ? name.substring(dot) : "";
  }

  private Map<String, Value> read(Path file) {
    String relative = basedir.relativize(file).toString().replace('\\', '/');
    String display = displayBase.isEmpty() ? relative : displayBase + "/" + relative;
    String text = TextFiles.read(file, display, "vars file");
    Map<String, Value> vars = new LinkedHashMap<>();
    if (text.startsWith("$ANSIBLE_VAULT;")) {
      problems.add(
          SourcePosition.startOf(display),
          "the file is encrypted with ansible-vault; " + AnsibleYamlInventoryParser.VAULT);
      return vars;
    }
    if (text.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))
        || text.strip().equals("---")) {
      return vars; // Ansible ignores an empty vars file
    }
    YamlDocument doc =
        new YamlDocumentReader("vars file", YamlVersion.YAML_1_1).parse(file, display, text);
    JsonNode root = doc.root();
    if (!root.isObject()) {
      problems.add(
          doc.valuePosition(""),
          "a vars file is a mapping of variable names to values, as Ansible requires");
      return vars;
    }
    AnsibleYamlInventoryParser.checkTags(doc, problems);
    root.properties()
        .forEach(
            e ->
                vars.put(
                    e.getKey(),
                    new Value(
                        AnsibleYamlInventoryParser.toJava(e.getValue()),
                        doc.valuePosition(YamlDocument.child("", e.getKey())))));
    return vars;
  }
}

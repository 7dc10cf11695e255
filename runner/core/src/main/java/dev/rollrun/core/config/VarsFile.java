package dev.rollrun.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.yaml.JsonValues;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file of variables, as {@code -e @secrets.yml} names it: a YAML mapping of names to values,
 * which may nest ({@code db: { password: ... }}).
 */
public final class VarsFile {

  private VarsFile() {}

  /**
   * @throws InvalidConfigException when the file is not YAML or not a mapping
   */
  public static Map<String, Object> read(Path path, String displayName) {
    YamlDocument doc = new YamlDocumentReader("vars file").read(path, displayName);
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

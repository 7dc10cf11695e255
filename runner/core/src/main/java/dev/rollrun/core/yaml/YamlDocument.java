package dev.rollrun.core.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.problem.SourcePosition;
import java.nio.file.Path;
import java.util.Map;

/**
 * A YAML file read into a JSON tree, with the position of every value and every mapping key so that
 * any later check can point at the exact place in the file.
 *
 * <p>Positions are keyed by JSON Pointer ({@code /rollout/batch}, {@code /steps/pre-stop/0}).
 */
public final class YamlDocument {

  private final Path path;
  private final String displayName;
  private final JsonNode root;
  private final Map<String, SourcePosition> valuePositions;
  private final Map<String, SourcePosition> keyPositions;
  private final Map<String, String> localTags;

  YamlDocument(
      Path path,
      String displayName,
      JsonNode root,
      Map<String, SourcePosition> valuePositions,
      Map<String, SourcePosition> keyPositions,
      Map<String, String> localTags) {
    this.path = path;
    this.displayName = displayName;
    this.root = root;
    this.valuePositions = valuePositions;
    this.keyPositions = keyPositions;
    this.localTags = localTags;
  }

  /**
   * The local tag ({@code !vault}, {@code !unsafe}) written on the value at {@code pointer}, if
   * any: the value itself is read as if it had none, so a reader that must refuse a tag asks here.
   */
  public java.util.Optional<String> localTag(String pointer) {
    return java.util.Optional.ofNullable(localTags.get(pointer));
  }

  /** The pointers of every value with a local tag, and the tag. */
  public Map<String, String> localTags() {
    return java.util.Collections.unmodifiableMap(localTags);
  }

  /** The file on disk. */
  public Path path() {
    return path;
  }

  /** The file as messages name it: as the operator gave it, or relative to the including file. */
  public String displayName() {
    return displayName;
  }

  public JsonNode root() {
    return root;
  }

  /** Where the value at {@code pointer} starts, or the nearest enclosing value that exists. */
  public SourcePosition valuePosition(String pointer) {
    String p = pointer;
    while (true) {
      SourcePosition found = valuePositions.get(p);
      if (found != null) {
        return found;
      }
      if (p.isEmpty()) {
        return SourcePosition.startOf(displayName);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Where the key of the entry at {@code pointer} starts; the value's position for list items. */
  public SourcePosition keyPosition(String pointer) {
    SourcePosition key = keyPositions.get(pointer);
    return key != null ? key : valuePosition(pointer);
  }

  /** A JSON Pointer for {@code parent} plus one mapping key or list index. */
  public static String child(String parent, String keyOrIndex) {
    return parent + "/" + keyOrIndex.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String parent, int index) {
    return parent + "/" + index;
  }
}

package dev.rollrun.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML file into a {@link YamlDocument}, refusing what no operator means to write: a file
 * that is too large, not UTF-8 text, empty, several documents, duplicate keys, or aliases that
 * expand without bound (the "billion laughs" bomb). Every refusal names file:line:column.
 */
public final class YamlDocumentReader {

  /** Largest file accepted; a 5,000-host inventory is well under 2 MiB. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /** Largest number of values after aliases are expanded. */
  static final int MAX_EXPANDED_NODES = 2_000_000;

  private static final int MAX_COLLECTION_ALIASES = 100;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String kind;

  /**
   * @param kind what the file is, for messages: {@code playbook}, {@code inventory}
   */
  public YamlDocumentReader(String kind) {
    this.kind = kind;
  }

  public YamlDocument read(Path path, String displayName) {
    String text = TextFiles.read(path, displayName, kind);
    return parse(path, displayName, text);
  }

  /** Parses text already in memory; {@code path} is used only to resolve relative references. */
  public YamlDocument parse(Path path, String displayName, String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(displayName)
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true) // checked below, with both positions in the message
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
            .setCodePointLimit(MAX_BYTES)
            .setUseMarks(true)
            .build();
    Node rootNode;
    try {
      Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
      if (!documents.hasNext()) {
        throw new InvalidConfigException(
            SourcePosition.startOf(displayName), "the " + kind + " is empty");
      }
      rootNode = documents.next();
      if (documents.hasNext()) {
        Node second = documents.next();
        throw new InvalidConfigException(
            position(displayName, second.getStartMark()),
            "a second YAML document starts here; a " + kind + " is one document");
      }
    } catch (MarkedYamlEngineException e) {
      throw new InvalidConfigException(
          position(displayName, e.getProblemMark()), describeSyntaxError(e));
    } catch (YamlEngineException e) {
      throw new InvalidConfigException(
          SourcePosition.startOf(displayName), describeEngineError(e.getMessage()));
    }
    Converter converter = new Converter(displayName);
    JsonNode root = converter.convert(rootNode, "");
    if (root.isNull() || root.isMissingNode()) {
      throw new InvalidConfigException(
          SourcePosition.startOf(displayName), "the " + kind + " is empty");
    }
    converter.problems.throwIfAny();
    return new YamlDocument(
        path, displayName, root, converter.valuePositions, converter.keyPositions);
  }

  private static String describeSyntaxError(MarkedYamlEngineException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem();
    if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) {
      return "YAML syntax error: a tab character; YAML indents with spaces only";
    }
    String context = e.getContext();
    String text = problem;
    if (context != null && !context.isBlank()) {
      text = context + ": " + problem;
    }
    return "YAML syntax error: " + text.replaceAll("\\s+", " ").trim();
  }

  private static String describeEngineError(String message) {
    String m = message == null ? "" : message;
    if (m.contains("aliases")) {
      return "too many aliases to collections (more than "
          + MAX_COLLECTION_ALIASES
          + "); refusing what looks like an alias bomb";
    }
    if (m.contains("code points") || m.contains("exceeds the limit")) {
      return "the file is larger than " + (MAX_BYTES / (1024 * 1024)) + " MiB";
    }
    if (m.contains("Recursive")) {
      return "a recursive alias (a node that contains itself)";
    }
    return "YAML error: " + m.replaceAll("\\s+", " ").trim();
  }

  static SourcePosition position(String file, Optional<Mark> mark) {
    return mark.map(m -> new SourcePosition(file, m.getLine() + 1, m.getColumn() + 1))
        .orElse(SourcePosition.startOf(file));
  }

  /** Walks the composed node graph once, keeping positions and refusing unbounded expansion. */
  private static final class Converter {
    private final String file;
    private final Map<String, SourcePosition> valuePositions = new HashMap<>();
    private final Map<String, SourcePosition> keyPositions = new HashMap<>();
    private final Set<Node> onPath = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final ProblemCollector problems = new ProblemCollector();
    private int converted;

    Converter(String file) {
      this.file = file;
    }

    JsonNode convert(Node node, String pointer) {
      if (++converted > MAX_EXPANDED_NODES) {
        throw new InvalidConfigException(
            position(file, node.getStartMark()),
            "more than "
                + MAX_EXPANDED_NODES
                + " values once aliases are expanded; refusing what looks like an alias bomb");
      }
      if (!onPath.add(node)) {
        throw new InvalidConfigException(
            position(file, node.getStartMark()), "a recursive alias (a node that contains itself)");
      }
      try {
        if (!valuePositions.containsKey(pointer)) {
          valuePositions.put(pointer, position(file, node.getStartMark()));
        }
        if (node instanceof ScalarNode scalar) {
          return scalar(scalar);
        }
        if (node instanceof SequenceNode sequence) {
          ArrayNode array = JSON.arrayNode();
          int i = 0;
          for (Node item : sequence.getValue()) {
            array.add(convert(item, YamlDocument.child(pointer, i++)));
          }
          return array;
        }
        MappingNode mapping = (MappingNode) node;
        ObjectNode object = JSON.objectNode();
        Map<String, SourcePosition> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
          Node keyNode = tuple.getKeyNode();
          SourcePosition keyPosition = position(file, keyNode.getStartMark());
          if (!(keyNode instanceof ScalarNode keyScalar)) {
            problems.add(keyPosition, "a mapping key must be plain text, not a list or mapping");
            continue;
          }
          String key = keyScalar.getValue();
          SourcePosition first = seen.putIfAbsent(key, keyPosition);
          if (first != null) {
            problems.add(
                keyPosition,
                "duplicate key \""
                    + key
                    + "\" (first defined at line "
                    + first.line()
                    + ":"
                    + first.column()
                    + ")");
            continue;
          }
          String childPointer = YamlDocument.child(pointer, key);
          keyPositions.put(childPointer, keyPosition);
          object.set(key, convert(tuple.getValueNode(), childPointer));
        }
        return object;
      } finally {
        onPath.remove(node);
      }
    }

    private JsonNode scalar(ScalarNode scalar) {
      Tag tag = scalar.getTag();
      String value = scalar.getValue();
      try {
        if (Tag.NULL.equals(tag)) {
          return JSON.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
          return JSON.booleanNode(Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
        }
        if (Tag.INT.equals(tag)) {
          BigInteger parsed = parseInteger(value);
          return parsed.bitLength() < 32
              ? JSON.numberNode(parsed.intValue())
              : parsed.bitLength() < 64
                  ? JSON.numberNode(parsed.longValue())
                  : JSON.numberNode(parsed);
        }
        if (Tag.FLOAT.equals(tag)) {
          return JSON.numberNode(Double.parseDouble(value.replace("_", "")));
        }
      } catch (NumberFormatException e) {
        return JSON.textNode(value);
      }
      return JSON.textNode(value);
    }

    private static BigInteger parseInteger(String value) {
      String v = value.replace("_", "");
      int sign = 1;
      if (v.startsWith("-") || v.startsWith("+")) {
        sign = v.startsWith("-") ? -1 : 1;
        v = v.substring(1);
      }
      BigInteger parsed;
      if (v.startsWith("0x")) {
        parsed = new BigInteger(v.substring(2), 16);
      } else if (v.startsWith("0o")) {
        parsed = new BigInteger(v.substring(2), 8);
      } else {
        parsed = new BigInteger(v);
      }
      return sign < 0 ? parsed.negate() : parsed;
    }
  }
}

package dev.rollrun.core.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
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

  /** Deepest nesting of lists and mappings; real playbooks stay under 15. */
  static final int MAX_DEPTH = 64;

  private static final int MAX_COLLECTION_ALIASES = 100;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String kind;
  private final YamlVersion version;

  /**
   * A reader of rollrun's own files: YAML 1.2, core schema.
   *
   * @param kind what the file is, for messages: {@code playbook}, {@code inventory}
   */
  public YamlDocumentReader(String kind) {
    this(kind, YamlVersion.YAML_1_2);
  }

  /**
   * @param kind what the file is, for messages: {@code playbook}, {@code inventory}
   * @param version how plain scalars are typed, and whether {@code <<} merges (YAML 1.1)
   */
  public YamlDocumentReader(String kind, YamlVersion version) {
    this.kind = kind;
    this.version = version;
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
            .setSchema(version == YamlVersion.YAML_1_1 ? new Yaml11Schema() : new CoreSchema())
            .setAllowDuplicateKeys(true) // checked below, with both positions in the message
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
            .setCodePointLimit(MAX_BYTES)
            // The whole text in one window: snakeyaml-engine 2.9 fails ("Range [1025, 1025 + 1) out
            // of bounds") when a surrogate pair (an emoji) straddles two windows of its reader.
            .setBufferSize(text.length() + 1)
            .setUseMarks(true)
            .build();
    Node rootNode;
    CheckingParser parser =
        new CheckingParser(new ParserImpl(settings, new StreamReader(settings, text)), displayName);
    try {
      Iterator<Node> documents = new Composer(settings, parser);
      if (!documents.hasNext()) {
        throw new InvalidConfigException(SourcePosition.startOf(displayName), empty(text));
      }
      rootNode = documents.next();
      if (documents.hasNext()) {
        Node second = documents.next();
        throw new InvalidConfigException(
            position(displayName, second.getStartMark()),
            "a second YAML document starts here; "
                + TextFiles.withArticle(kind)
                + " is one document (remove the --- line or split the file)");
      }
    } catch (MarkedYamlEngineException e) {
      throw syntaxError(displayName, e);
    } catch (NumberFormatException e) {
      // snakeyaml-engine 2.9 reads the hex digits of an escape with Integer.parseInt, unguarded,
      // when the text ends in the middle of one or its code is beyond int.
      throw new InvalidConfigException(
          position(displayName, parser.lastEnd),
          "YAML syntax error after this point: an escape (\\x, \\u or \\U) in a double-quoted"
              + " value is cut short or too large; write a backslash as \\\\ or use single"
              + " quotes");
    } catch (YamlEngineException e) {
      throw new InvalidConfigException(
          SourcePosition.startOf(displayName), describeEngineError(e.getMessage()));
    }
    Converter converter = new Converter(displayName, text, version);
    converter.refuseUnboundedExpansion(rootNode);
    JsonNode root = converter.convert(rootNode, "");
    if (root.isNull() || root.isMissingNode()) {
      throw new InvalidConfigException(SourcePosition.startOf(displayName), empty(text));
    }
    converter.problems.throwIfAny();
    return new YamlDocument(
        path,
        displayName,
        root,
        converter.valuePositions,
        converter.keyPositions,
        converter.localTags);
  }

  /**
   * The parser the composer reads from, refusing on the way what would hurt: lists and mappings
   * nested deeper than {@link #MAX_DEPTH} (composing recurses once per level and would overflow the
   * stack on a hostile file) and more aliases to lists and mappings than {@link
   * #MAX_COLLECTION_ALIASES}, at the alias that is one too many. One pass: a large inventory is
   * scanned once.
   */
  private static final class CheckingParser implements Parser {
    private final Parser parser;
    private final String file;
    private final Set<String> collectionAnchors = new HashSet<>();
    private int depth;
    private int collectionAliases;

    /** Where the last event read ended: near where the reader stopped, if it fails. */
    private Optional<Mark> lastEnd = Optional.empty();

    CheckingParser(Parser parser, String file) {
      this.parser = parser;
      this.file = file;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return parser.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return parser.hasNext();
    }

    @Override
    public Event next() {
      Event event = parser.next();
      lastEnd = event.getEndMark();
      if (event instanceof AliasEvent alias
          && collectionAnchors.contains(alias.getAlias().getValue())
          && ++collectionAliases > MAX_COLLECTION_ALIASES) {
        throw new InvalidConfigException(
            position(file, event.getStartMark()),
            "more than "
                + MAX_COLLECTION_ALIASES
                + " aliases to lists or mappings; refusing what looks like an alias bomb");
      }
      if (event instanceof CollectionStartEvent start) {
        start.getAnchor().ifPresent(anchor -> collectionAnchors.add(anchor.getValue()));
        if (++depth > MAX_DEPTH) {
          throw new InvalidConfigException(
              position(file, event.getStartMark()),
              "lists and mappings nest more than "
                  + MAX_DEPTH
                  + " levels deep here; rollrun refuses such a file");
        }
      } else if (event instanceof CollectionEndEvent) {
        depth--;
      }
      return event;
    }
  }

  private String empty(String text) {
    return text.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))
            && !text.isBlank()
        ? "the " + kind + " holds only comments; it has no keys"
        : "the " + kind + " is empty";
  }

  /**
   * The parser's complaint in an operator's words, at the place to fix: for a quote or bracket that
   * is never closed, where it was opened rather than where the parser gave up.
   */
  private static InvalidConfigException syntaxError(String file, MarkedYamlEngineException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem().replaceAll("\\s+", " ").trim();
    String context = e.getContext() == null ? "" : e.getContext().trim();
    SourcePosition at = position(file, e.getProblemMark());
    SourcePosition opened = position(file, e.getContextMark());
    String message;
    if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) {
      message = "a tab character; YAML indents with spaces only";
    } else if (context.contains("quoted scalar") && problem.contains("end of stream")) {
      String quote = charAt(e.getContextMark());
      return new InvalidConfigException(
          opened,
          "YAML syntax error: the "
              + ("'".equals(quote) ? "'" : "\"")
              + " opened here is never closed (the file ends first)");
    } else if (context.startsWith("while parsing a flow sequence")
        || context.startsWith("while parsing a flow mapping")) {
      boolean list = context.contains("sequence");
      return new InvalidConfigException(
          opened,
          "YAML syntax error: the "
              + (list ? "[" : "{")
              + " opened here is not closed: line "
              + at.line()
              + ":"
              + at.column()
              + " has "
              + found(problem)
              + " where "
              + (list ? ", or ]" : ", or }")
              + " was expected");
    } else if (problem.startsWith("mapping values are not allowed")) {
      message =
          "unexpected \":\" (is this line indented more than the key above it, or does a value"
              + " hold \": \" and need quotes?)";
    } else if (context.startsWith("while parsing a block mapping")
        && problem.contains("<block end>")) {
      String found = found(problem);
      message =
          found.contains("block mapping start") || found.contains("block sequence start")
              ? "this line is indented differently from the keys around it; keys of one mapping"
                  + " start in the same column"
              : found.equals("\"-\"")
                  ? "a list item (\"- \") where a key of the mapping at line "
                      + opened.line()
                      + ":"
                      + opened.column()
                      + " was expected; indent the list under its key"
                  : "unexpected "
                      + found
                      + " where a key of the mapping at line "
                      + opened.line()
                      + ":"
                      + opened.column()
                      + " was expected";
    } else if (context.startsWith("while parsing a block collection")
        && problem.contains("<block end>")) {
      message =
          "a key where a list item (\"- \") of the list at line "
              + opened.line()
              + ":"
              + opened.column()
              + " was expected; a list and a mapping cannot be mixed at one level";
    } else if (problem.startsWith("found undefined alias")) {
      String name = problem.substring("found undefined alias".length()).trim();
      message = "the alias *" + name + " refers to no anchor &" + name + " above it";
    } else if (problem.contains("that cannot start any token")) {
      message =
          "a value cannot start with " + charAt(e.getProblemMark()) + "; put the value in quotes";
    } else if (problem.startsWith("found unknown escape character")) {
      message =
          "unknown escape sequence in a double-quoted value; write a backslash as \\\\ or use"
              + " single quotes";
    } else {
      message = (context.isEmpty() ? problem : context + ": " + problem);
    }
    return new InvalidConfigException(at, "YAML syntax error: " + message);
  }

  /** {@code ":"} from the parser's "expected ..., but got :" or "but found '-'". */
  private static String found(String problem) {
    int but = Math.max(problem.lastIndexOf("but got "), problem.lastIndexOf("but found "));
    if (but < 0) {
      return "something else";
    }
    String token = problem.substring(problem.indexOf(' ', but + 4) + 1).trim();
    if (token.length() >= 2 && token.startsWith("'") && token.endsWith("'")) {
      token = token.substring(1, token.length() - 1);
    }
    return "\"" + token + "\"";
  }

  /** The character at {@code mark}, as text ({@code "?"} when the mark has none). */
  private static String charAt(Optional<Mark> mark) {
    if (mark.isEmpty()) {
      return "?";
    }
    int[] buffer = mark.get().getBuffer();
    int pointer = mark.get().getPointer();
    return buffer != null && pointer >= 0 && pointer < buffer.length
        ? new String(buffer, pointer, 1)
        : "?";
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
    private final Map<String, String> localTags = new HashMap<>();
    private final ProblemCollector problems = new ProblemCollector();

    private final List<String> lines;
    private final YamlVersion version;

    Converter(String file, String text, YamlVersion version) {
      this.file = file;
      this.lines = text.lines().toList();
      this.version = version;
    }

    /**
     * Counts the values the document holds once every alias is expanded, without expanding it, and
     * refuses a recursive alias or more than {@link #MAX_EXPANDED_NODES} values, pointing at the
     * smallest value that alone expands to too many.
     */
    void refuseUnboundedExpansion(Node root) {
      Map<Node, Long> sizes = new IdentityHashMap<>();
      if (expandedSize(root, sizes, Collections.newSetFromMap(new IdentityHashMap<>()))
          <= MAX_EXPANDED_NODES) {
        return;
      }
      Node culprit = root;
      boolean deeper = true;
      while (deeper) {
        deeper = false;
        for (Node child : values(culprit)) {
          if (sizes.get(child) > MAX_EXPANDED_NODES) {
            culprit = child;
            deeper = true;
            break;
          }
        }
      }
      long size = sizes.get(culprit);
      throw new InvalidConfigException(
          position(file, culprit.getStartMark()),
          "aliases make this value expand to "
              + (size == Long.MAX_VALUE ? "too many" : String.format("%,d", size))
              + " values, more than the "
              + String.format("%,d", MAX_EXPANDED_NODES)
              + " rollrun reads; refusing what looks like an alias bomb");
    }

    private long expandedSize(Node node, Map<Node, Long> sizes, Set<Node> onPath) {
      Long known = sizes.get(node);
      if (known != null) {
        return known;
      }
      if (!onPath.add(node)) {
        throw new InvalidConfigException(
            position(file, node.getStartMark()),
            "a recursive alias: this value contains itself, so it would never end");
      }
      long size = 1;
      for (Node child : values(node)) {
        long childSize = expandedSize(child, sizes, onPath);
        size = childSize > Long.MAX_VALUE - size ? Long.MAX_VALUE : size + childSize;
      }
      onPath.remove(node);
      sizes.put(node, size);
      return size;
    }

    /** The values (not the keys) directly inside a list or mapping. */
    private static List<Node> values(Node node) {
      if (node instanceof SequenceNode sequence) {
        return sequence.getValue();
      }
      if (node instanceof MappingNode mapping) {
        return mapping.getValue().stream().map(NodeTuple::getValueNode).toList();
      }
      return List.of();
    }

    /** Call only after {@link #refuseUnboundedExpansion}: the graph is then acyclic and small. */
    JsonNode convert(Node node, String pointer) {
      if (!valuePositions.containsKey(pointer)) {
        valuePositions.put(pointer, valuePosition(node));
      }
      if (node.getTag() != null && node.getTag().getValue().startsWith("!")) {
        localTags.put(pointer, node.getTag().getValue());
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
      Map<String, NodeTuple> merged = version == YamlVersion.YAML_1_1 ? merged(mapping) : Map.of();
      for (Map.Entry<String, NodeTuple> entry : merged.entrySet()) {
        String childPointer = YamlDocument.child(pointer, entry.getKey());
        keyPositions.put(
            childPointer, position(file, entry.getValue().getKeyNode().getStartMark()));
        object.set(entry.getKey(), convert(entry.getValue().getValueNode(), childPointer));
      }
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        SourcePosition keyPosition = position(file, keyNode.getStartMark());
        if (isMergeKey(keyNode)) {
          continue;
        }
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
                  + "\": already set at line "
                  + first.line()
                  + ", column "
                  + first.column()
                  + "; keep one of them");
          continue;
        }
        String childPointer = YamlDocument.child(pointer, key);
        keyPositions.put(childPointer, keyPosition);
        object.set(key, convert(tuple.getValueNode(), childPointer));
      }
      return object;
    }

    private boolean isMergeKey(Node key) {
      return version == YamlVersion.YAML_1_1
          && key instanceof ScalarNode scalar
          && Yaml11Schema.MERGE.equals(scalar.getTag());
    }

    /**
     * The entries {@code <<} merges into {@code mapping} and that its own keys do not override, as
     * PyYAML's {@code flatten_mapping} does: {@code <<: *a} takes the entries of {@code a}; {@code
     * <<: [*a, *b]} takes both, and {@code a} wins over {@code b}; a merged mapping's own merges
     * count too.
     */
    private Map<String, NodeTuple> merged(MappingNode mapping) {
      Map<String, NodeTuple> merged = new java.util.LinkedHashMap<>();
      Set<String> own = new HashSet<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!isMergeKey(tuple.getKeyNode()) && tuple.getKeyNode() instanceof ScalarNode key) {
          own.add(key.getValue());
        }
      }
      for (NodeTuple tuple : mapping.getValue()) {
        if (!isMergeKey(tuple.getKeyNode())) {
          continue;
        }
        Node value = tuple.getValueNode();
        List<Node> sources =
            value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
        for (Node source : sources) {
          if (!(source instanceof MappingNode sourceMapping)) {
            problems.add(
                position(file, source.getStartMark()),
                "a merge key << takes a mapping (<<: *anchor) or a list of them, not "
                    + (source instanceof SequenceNode ? "a list" : "\"" + text(source) + "\""));
            continue;
          }
          Map<String, NodeTuple> inner = new java.util.LinkedHashMap<>(merged(sourceMapping));
          for (NodeTuple entry : sourceMapping.getValue()) {
            if (!isMergeKey(entry.getKeyNode()) && entry.getKeyNode() instanceof ScalarNode key) {
              inner.put(key.getValue(), entry);
            }
          }
          inner.forEach(
              (key, entry) -> {
                if (!own.contains(key)) {
                  merged.putIfAbsent(key, entry);
                }
              });
        }
      }
      return merged;
    }

    private static String text(Node node) {
      return node instanceof ScalarNode scalar ? scalar.getValue() : "?";
    }

    /**
     * Where a value starts; for a literal block ({@code run: |}) its first line of text, so that
     * line N of a multi-line command is N - 1 lines below its position.
     */
    private SourcePosition valuePosition(Node node) {
      SourcePosition start = position(file, node.getStartMark());
      if (node instanceof ScalarNode scalar
          && scalar.getScalarStyle() == ScalarStyle.LITERAL
          && start.line() < lines.size()) {
        String first = lines.get(start.line()); // 0-based: the line after the "|"
        int indent = first.length() - first.stripLeading().length();
        return new SourcePosition(file, start.line() + 1, indent + 1);
      }
      return start;
    }

    private JsonNode scalar(ScalarNode scalar) {
      Tag tag = scalar.getTag();
      String value = scalar.getValue();
      if (version == YamlVersion.YAML_1_1) {
        Object typed = Yaml11Schema.value(tag, value);
        if (typed == null) {
          return JSON.nullNode();
        }
        if (typed instanceof Boolean b) {
          return JSON.booleanNode(b);
        }
        if (typed instanceof BigInteger parsed) {
          return parsed.bitLength() < 32
              ? JSON.numberNode(parsed.intValue())
              : parsed.bitLength() < 64
                  ? JSON.numberNode(parsed.longValue())
                  : JSON.numberNode(parsed);
        }
        if (typed instanceof Double d) {
          return JSON.numberNode(d);
        }
        return JSON.textNode(value);
      }
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

package dev.rollrun.tests.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML document as the fuzzer mutates it: mutable, a mapping may repeat a key, any node may carry
 * an anchor and an alias is a node of its own, so that every shape YAML allows (and some it does
 * not) can be written back with {@link YamlEmitter}.
 */
final class YamlTree {

  private YamlTree() {}

  /** A node of the tree. */
  sealed interface Node permits Scalar, Sequence, Mapping, Alias {
    /** The anchor written before the node ({@code &name}), or null. */
    String anchor();

    void anchor(String anchor);
  }

  /**
   * A scalar. A {@code plain} one is written exactly as its text (a number, {@code true}, {@code
   * null}, {@code .nan}); any other is a string, quoted when it must be.
   */
  static final class Scalar implements Node {
    String text;
    boolean plain;
    private String anchor;

    Scalar(String text, boolean plain) {
      this.text = text;
      this.plain = plain;
    }

    static Scalar string(String text) {
      return new Scalar(text, false);
    }

    static Scalar plain(String text) {
      return new Scalar(text, true);
    }

    @Override
    public String anchor() {
      return anchor;
    }

    @Override
    public void anchor(String anchor) {
      this.anchor = anchor;
    }
  }

  /** A list; {@code flow} writes it as {@code [a, b]}. */
  static final class Sequence implements Node {
    final List<Node> items = new ArrayList<>();
    boolean flow;
    private String anchor;

    @Override
    public String anchor() {
      return anchor;
    }

    @Override
    public void anchor(String anchor) {
      this.anchor = anchor;
    }
  }

  /** One key and its value; keys may repeat in a mapping. */
  static final class Entry {
    Node key;
    Node value;

    Entry(Node key, Node value) {
      this.key = key;
      this.value = value;
    }
  }

  /** A mapping; {@code flow} writes it as {@code {a: 1}}. */
  static final class Mapping implements Node {
    final List<Entry> entries = new ArrayList<>();
    boolean flow;
    private String anchor;

    Mapping put(String key, Node value) {
      entries.add(new Entry(Scalar.string(key), value));
      return this;
    }

    /** The value of the first entry whose key is the string {@code key}. */
    Optional<Node> get(String key) {
      return entries.stream()
          .filter(e -> e.key instanceof Scalar s && s.text.equals(key))
          .map(e -> e.value)
          .findFirst();
    }

    @Override
    public String anchor() {
      return anchor;
    }

    @Override
    public void anchor(String anchor) {
      this.anchor = anchor;
    }
  }

  /** {@code *name}: refers to the node anchored {@code &name} before it. */
  static final class Alias implements Node {
    final String name;

    Alias(String name) {
      this.name = name;
    }

    @Override
    public String anchor() {
      return null;
    }

    @Override
    public void anchor(String anchor) {
      // an alias cannot carry an anchor of its own
    }
  }

  /** The tree of a YAML text, or empty when it is not one readable YAML document. */
  static Optional<Node> parse(String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(50)
            .setCodePointLimit(8 * 1024 * 1024)
            .build();
    try {
      return new Compose(settings)
          .composeString(text)
          .map(root -> convert(root, Collections.newSetFromMap(new IdentityHashMap<>())));
    } catch (RuntimeException | StackOverflowError e) {
      return Optional.empty();
    }
  }

  private static Node convert(org.snakeyaml.engine.v2.nodes.Node node, Set<Object> onPath) {
    if (!onPath.add(node)) {
      throw new IllegalArgumentException("recursive alias");
    }
    try {
      if (node instanceof ScalarNode scalar) {
        boolean typed =
            scalar.getScalarStyle() == ScalarStyle.PLAIN && !Tag.STR.equals(scalar.getTag());
        return new Scalar(scalar.getValue(), typed);
      }
      if (node instanceof SequenceNode sequence) {
        Sequence copy = new Sequence();
        for (var item : sequence.getValue()) {
          copy.items.add(convert(item, onPath));
        }
        return copy;
      }
      Mapping copy = new Mapping();
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        copy.entries.add(
            new Entry(convert(tuple.getKeyNode(), onPath), convert(tuple.getValueNode(), onPath)));
      }
      return copy;
    } finally {
      onPath.remove(node);
    }
  }

  /** A deep copy of {@code node}, anchors included. */
  static Node copy(Node node) {
    Node copy;
    if (node instanceof Scalar s) {
      copy = new Scalar(s.text, s.plain);
    } else if (node instanceof Sequence s) {
      Sequence c = new Sequence();
      c.flow = s.flow;
      s.items.forEach(item -> c.items.add(copy(item)));
      copy = c;
    } else if (node instanceof Mapping m) {
      Mapping c = new Mapping();
      c.flow = m.flow;
      m.entries.forEach(e -> c.entries.add(new Entry(copy(e.key), copy(e.value))));
      copy = c;
    } else {
      return new Alias(((Alias) node).name);
    }
    copy.anchor(node.anchor());
    return copy;
  }

  /** Every node of the tree, keys included, in document order. */
  static List<Node> nodes(Node root) {
    List<Node> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  private static void collect(Node node, List<Node> all) {
    all.add(node);
    if (node instanceof Sequence s) {
      s.items.forEach(item -> collect(item, all));
    } else if (node instanceof Mapping m) {
      for (Entry e : m.entries) {
        collect(e.key, all);
        collect(e.value, all);
      }
    }
  }
}

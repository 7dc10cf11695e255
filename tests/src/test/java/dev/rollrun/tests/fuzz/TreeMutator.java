package dev.rollrun.tests.fuzz;

import dev.rollrun.tests.fuzz.YamlTree.Alias;
import dev.rollrun.tests.fuzz.YamlTree.Entry;
import dev.rollrun.tests.fuzz.YamlTree.Mapping;
import dev.rollrun.tests.fuzz.YamlTree.Node;
import dev.rollrun.tests.fuzz.YamlTree.Scalar;
import dev.rollrun.tests.fuzz.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Mutations that know YAML's structure and rollrun's keys: delete, duplicate and swap keys and list
 * items, rename keys (typos, keys from elsewhere), change a value's type, put templates and nasty
 * text into strings, nest deeply, add anchors and aliases (bombs and cycles included), grow
 * strings, graft parts of other documents. Each mutation returns a line saying what it did, for the
 * report of a failure.
 */
final class TreeMutator {

  /** Keys whose values are templates rendered for every host. */
  private static final Set<String> TEMPLATED_KEYS =
      Set.of("run", "local", "stop", "start", "output", "port", "host", "hosts", "name");

  /** Keys whose values name files. */
  private static final Set<String> FILE_KEYS = Set.of("inventory", "include", "identity");

  /** Where a node sits: the root, an item of a list, or the key or value of a mapping entry. */
  private record Slot(Node parent, int index, boolean key) {}

  private final Random random;
  private final Supplier<Node> otherDocument;
  private final List<String> specialPaths;
  private Node root;

  /**
   * @param otherDocument another seed's tree, to graft from
   * @param specialPaths paths of files that are not ordinary files (FIFOs, devices, ...)
   */
  TreeMutator(Random random, Node root, Supplier<Node> otherDocument, List<String> specialPaths) {
    this.random = random;
    this.root = root;
    this.otherDocument = otherDocument;
    this.specialPaths = specialPaths;
  }

  Node root() {
    return root;
  }

  /** Applies one mutation chosen at random; returns what it did. */
  String mutate() {
    return switch (random.nextInt(16)) {
      case 0 -> deleteEntry();
      case 1 -> deleteItem();
      case 2 -> duplicateEntry();
      case 3 -> duplicateItem();
      case 4 -> swapValues();
      case 5 -> renameKey();
      case 6, 7 -> replaceValue();
      case 8, 9 -> injectTemplate();
      case 10 -> deepNest();
      case 11 -> anchorAndAlias();
      case 12 -> longString();
      case 13 -> graft();
      case 14 -> addKey();
      default -> fileReference();
    };
  }

  // ---- the mutations ---------------------------------------------------------------------------

  private String deleteEntry() {
    Mapping m = pick(containers(Mapping.class, true));
    if (m == null) {
      return replaceValue();
    }
    Entry e = m.entries.remove(random.nextInt(m.entries.size()));
    return "deleted key " + describe(e.key);
  }

  private String deleteItem() {
    Sequence s = pick(containers(Sequence.class, true));
    if (s == null) {
      return deleteEntry();
    }
    s.items.remove(random.nextInt(s.items.size()));
    return "deleted a list item";
  }

  private String duplicateEntry() {
    Mapping m = pick(containers(Mapping.class, true));
    if (m == null) {
      return replaceValue();
    }
    int i = random.nextInt(m.entries.size());
    Entry e = m.entries.get(i);
    Node value = random.nextBoolean() ? YamlTree.copy(e.value) : newValue();
    m.entries.add(i + 1, new Entry(YamlTree.copy(e.key), value));
    return "duplicated key " + describe(e.key);
  }

  private String duplicateItem() {
    Sequence s = pick(containers(Sequence.class, true));
    if (s == null) {
      return duplicateEntry();
    }
    int i = random.nextInt(s.items.size());
    int copies = random.nextInt(10) == 0 ? 200 : 1;
    for (int c = 0; c < copies; c++) {
      s.items.add(i + 1, YamlTree.copy(s.items.get(i)));
    }
    return "duplicated a list item " + copies + " time(s)";
  }

  private String swapValues() {
    List<Slot> slots = valueSlots();
    if (slots.size() < 2) {
      return replaceValue();
    }
    Slot a = slots.get(random.nextInt(slots.size()));
    Slot b = slots.get(random.nextInt(slots.size()));
    Node na = get(a);
    Node nb = get(b);
    if (contains(na, nb) || contains(nb, na)) {
      return replaceValue();
    }
    set(a, nb);
    set(b, na);
    return "swapped two values";
  }

  private String renameKey() {
    List<Slot> keys = keySlots();
    if (keys.isEmpty()) {
      return addKey();
    }
    Slot slot = keys.get(random.nextInt(keys.size()));
    String old = describe(get(slot));
    Node key =
        switch (random.nextInt(4)) {
          case 0 -> Scalar.string(typo(get(slot) instanceof Scalar s ? s.text : "key"));
          case 1 -> Scalar.string(Nasty.string(random));
          case 2 -> newValue();
          default -> Scalar.string(Nasty.pick(random, Nasty.KEYS));
        };
    set(slot, key);
    return "renamed key " + old + " to " + describe(key);
  }

  private String replaceValue() {
    List<Slot> slots = valueSlots();
    Slot slot =
        slots.isEmpty() ? new Slot(null, 0, false) : slots.get(random.nextInt(slots.size()));
    Node value = newValue();
    set(slot, value);
    return "replaced a value by " + describe(value);
  }

  private String injectTemplate() {
    List<Scalar> strings = new ArrayList<>();
    List<Scalar> templated = new ArrayList<>();
    for (Node n : YamlTree.nodes(root)) {
      if (n instanceof Mapping m) {
        for (Entry e : m.entries) {
          if (e.value instanceof Scalar s && e.key instanceof Scalar k) {
            (TEMPLATED_KEYS.contains(k.text) ? templated : strings).add(s);
          }
        }
      }
    }
    List<Scalar> targets = !templated.isEmpty() && random.nextInt(4) > 0 ? templated : strings;
    if (targets.isEmpty()) {
      return replaceValue();
    }
    Scalar s = targets.get(random.nextInt(targets.size()));
    String inserted =
        random.nextInt(5) == 0 ? "{{ '" + Nasty.string(random) + "' }}" : Nasty.template(random);
    int at = random.nextInt(s.text.length() + 1);
    s.text =
        random.nextBoolean() ? inserted : s.text.substring(0, at) + inserted + s.text.substring(at);
    s.plain = false;
    return "template " + abbreviate(inserted);
  }

  private String deepNest() {
    List<Slot> slots = valueSlots();
    if (slots.isEmpty()) {
      return replaceValue();
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    int[] depths = {3, 20, 63, 64, 65, 100, 1000, 20000};
    int depth = depths[random.nextInt(depths.length)];
    Node inner = get(slot);
    boolean lists = random.nextBoolean();
    if (depth > 200) {
      // Written as text: the tree itself stays shallow enough to walk.
      String open = lists ? "[" : "{k: ";
      String close = lists ? "]" : "}";
      set(slot, Scalar.plain(open.repeat(depth) + "x" + close.repeat(depth)));
      return "nested a value " + depth + " " + (lists ? "lists" : "mappings") + " deep";
    }
    for (int i = 0; i < depth; i++) {
      if (lists) {
        Sequence s = new Sequence();
        s.flow = true;
        s.items.add(inner);
        inner = s;
      } else {
        Mapping m = new Mapping();
        m.flow = true;
        m.put("k", inner);
        inner = m;
      }
    }
    set(slot, inner);
    return "nested a value " + depth + " " + (lists ? "lists" : "mappings") + " deep";
  }

  private String anchorAndAlias() {
    List<Slot> slots = valueSlots();
    if (slots.isEmpty()) {
      return replaceValue();
    }
    switch (random.nextInt(4)) {
      case 0 -> {
        // an alias bomb, of a size chosen to be refused or, sometimes, just accepted
        // 9^7 values and more are refused before they are expanded; 9^5 and 9^6 are expanded and
        // read (slowly, within limits), so they come up less often.
        int[] sizes = {3, 4, 4, 5, 7, 7, 8, 9, 6};
        int levels =
            sizes[random.nextInt(random.nextInt(10) == 0 ? sizes.length : sizes.length - 1)];
        Sequence bomb = new Sequence();
        bomb.flow = true;
        Sequence level = new Sequence();
        level.anchor("l0");
        level.items.add(Scalar.string("lol"));
        bomb.items.add(level);
        for (int l = 1; l <= levels; l++) {
          Sequence next = new Sequence();
          next.anchor("l" + l);
          for (int i = 0; i < 9; i++) {
            next.items.add(new Alias("l" + (l - 1)));
          }
          bomb.items.add(next);
        }
        set(slots.get(random.nextInt(slots.size())), bomb);
        return "alias bomb of " + levels + " levels";
      }
      case 1 -> {
        // a node that contains an alias to itself
        Sequence self = new Sequence();
        self.anchor("self");
        self.items.add(new Alias("self"));
        set(slots.get(random.nextInt(slots.size())), self);
        return "recursive alias";
      }
      case 2 -> {
        set(slots.get(random.nextInt(slots.size())), new Alias("nowhere"));
        return "alias to no anchor";
      }
      default -> {
        Slot from = slots.get(random.nextInt(slots.size()));
        Slot to = slots.get(random.nextInt(slots.size()));
        Node anchored = get(from);
        if (anchored instanceof Alias || contains(anchored, get(to))) {
          return replaceValue();
        }
        anchored.anchor("a" + random.nextInt(3));
        set(to, new Alias(anchored.anchor()));
        return "alias *" + anchored.anchor() + " to another value";
      }
    }
  }

  private String longString() {
    List<Slot> slots = valueSlots();
    if (slots.isEmpty()) {
      return replaceValue();
    }
    int[] lengths = {1_000, 70_000, 140_000, 1_000_000, 4_500_000};
    int length = lengths[random.nextInt(lengths.length)];
    String unit = random.nextBoolean() ? "x" : Nasty.string(random) + " ";
    if (unit.isEmpty()) {
      unit = "y";
    }
    String text = unit.repeat(length / unit.length() + 1).substring(0, length);
    set(slots.get(random.nextInt(slots.size())), Scalar.string(text));
    return "a string of " + length + " characters";
  }

  private String graft() {
    Node other = otherDocument.get();
    List<Node> candidates = YamlTree.nodes(other);
    Node part = YamlTree.copy(candidates.get(random.nextInt(candidates.size())));
    List<Slot> slots = valueSlots();
    if (slots.isEmpty()) {
      return replaceValue();
    }
    set(slots.get(random.nextInt(slots.size())), part);
    return "grafted part of another document: " + describe(part);
  }

  private String addKey() {
    List<Mapping> maps = containers(Mapping.class, false);
    if (maps.isEmpty()) {
      return replaceValue();
    }
    Mapping m = maps.get(random.nextInt(maps.size()));
    String key = Nasty.pick(random, Nasty.KEYS);
    Node value = newValue();
    m.entries.add(random.nextInt(m.entries.size() + 1), new Entry(Scalar.string(key), value));
    return "added key \"" + key + "\": " + describe(value);
  }

  /** Points {@code inventory:}, {@code include:} or {@code identity:} somewhere strange. */
  private String fileReference() {
    List<Scalar> references = new ArrayList<>();
    for (Node n : YamlTree.nodes(root)) {
      if (n instanceof Mapping m) {
        for (Entry e : m.entries) {
          if (e.key instanceof Scalar k
              && FILE_KEYS.contains(k.text)
              && e.value instanceof Scalar s) {
            references.add(s);
          }
        }
      }
    }
    if (references.isEmpty()) {
      return injectTemplate();
    }
    Scalar reference = references.get(random.nextInt(references.size()));
    String path =
        switch (random.nextInt(3)) {
          case 0 -> specialPaths.get(random.nextInt(specialPaths.size()));
          case 1 -> Nasty.pick(random, Nasty.SPECIAL_PATHS);
          default -> Nasty.string(random);
        };
    reference.text = path;
    reference.plain = false;
    return "file reference " + describe(reference);
  }

  // ---- values ------------------------------------------------------------------------------

  private Node newValue() {
    return switch (random.nextInt(9)) {
      case 0, 1 -> Scalar.string(Nasty.string(random));
      case 2 -> Scalar.plain(Nasty.pick(random, Nasty.NUMBERS));
      case 3 -> Scalar.string(Nasty.pick(random, Nasty.DURATIONS_AND_SIZES));
      case 4 -> Scalar.string(Nasty.template(random));
      case 5 -> new Sequence();
      case 6 -> new Mapping();
      case 7 -> {
        Sequence s = new Sequence();
        s.items.add(Scalar.string(Nasty.string(random)));
        s.items.add(Scalar.plain(Nasty.pick(random, Nasty.NUMBERS)));
        yield s;
      }
      default -> {
        Mapping m = new Mapping();
        m.put(Nasty.pick(random, Nasty.KEYS), Scalar.string(Nasty.string(random)));
        yield m;
      }
    };
  }

  private String typo(String text) {
    if (text.isEmpty()) {
      return "x";
    }
    int at = random.nextInt(text.length());
    return switch (random.nextInt(3)) {
      case 0 -> text.substring(0, at) + text.substring(at + 1);
      case 1 -> text.substring(0, at) + (char) ('a' + random.nextInt(26)) + text.substring(at);
      default ->
          at + 1 < text.length()
              ? text.substring(0, at)
                  + text.charAt(at + 1)
                  + text.charAt(at)
                  + text.substring(at + 2)
              : text + "s";
    };
  }

  // ---- navigation --------------------------------------------------------------------------

  private <T extends Node> List<T> containers(Class<T> type, boolean nonEmpty) {
    List<T> found = new ArrayList<>();
    for (Node n : YamlTree.nodes(root)) {
      if (type.isInstance(n)) {
        T t = type.cast(n);
        boolean empty =
            t instanceof Mapping m ? m.entries.isEmpty() : ((Sequence) t).items.isEmpty();
        if (!nonEmpty || !empty) {
          found.add(t);
        }
      }
    }
    return found;
  }

  private <T> T pick(List<T> list) {
    return list.isEmpty() ? null : list.get(random.nextInt(list.size()));
  }

  /** Every place a value sits: the root, list items and mapping values. */
  private List<Slot> valueSlots() {
    List<Slot> slots = new ArrayList<>();
    slots.add(new Slot(null, 0, false));
    for (Node n : YamlTree.nodes(root)) {
      if (n instanceof Sequence s) {
        for (int i = 0; i < s.items.size(); i++) {
          slots.add(new Slot(s, i, false));
        }
      } else if (n instanceof Mapping m) {
        for (int i = 0; i < m.entries.size(); i++) {
          slots.add(new Slot(m, i, false));
        }
      }
    }
    // The root is replaced rarely: most mutations should leave a document to check.
    return random.nextInt(20) == 0
        ? slots
        : slots.subList(Math.min(1, slots.size() - 1), slots.size());
  }

  private List<Slot> keySlots() {
    List<Slot> slots = new ArrayList<>();
    for (Node n : YamlTree.nodes(root)) {
      if (n instanceof Mapping m) {
        for (int i = 0; i < m.entries.size(); i++) {
          slots.add(new Slot(m, i, true));
        }
      }
    }
    return slots;
  }

  private Node get(Slot slot) {
    if (slot.parent() == null) {
      return root;
    }
    if (slot.parent() instanceof Sequence s) {
      return s.items.get(slot.index());
    }
    Entry e = ((Mapping) slot.parent()).entries.get(slot.index());
    return slot.key() ? e.key : e.value;
  }

  private void set(Slot slot, Node node) {
    if (slot.parent() == null) {
      root = node;
    } else if (slot.parent() instanceof Sequence s) {
      s.items.set(slot.index(), node);
    } else {
      Entry e = ((Mapping) slot.parent()).entries.get(slot.index());
      if (slot.key()) {
        e.key = node;
      } else {
        e.value = node;
      }
    }
  }

  private static boolean contains(Node outer, Node inner) {
    return YamlTree.nodes(outer).stream().anyMatch(n -> n == inner);
  }

  private static String describe(Node node) {
    if (node instanceof Scalar s) {
      return "\"" + abbreviate(s.text) + "\"";
    }
    if (node instanceof Alias a) {
      return "*" + a.name;
    }
    return node instanceof Sequence ? "a list" : "a mapping";
  }

  /** At most 60 characters, control characters escaped: descriptions end up in reports. */
  static String abbreviate(String text) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    StringBuilder out = new StringBuilder();
    shown
        .chars()
        .forEach(
            c -> {
              if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04X", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }
}

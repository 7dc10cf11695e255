package dev.rollrun.tests.fuzz;

import dev.rollrun.tests.fuzz.YamlTree.Alias;
import dev.rollrun.tests.fuzz.YamlTree.Entry;
import dev.rollrun.tests.fuzz.YamlTree.Mapping;
import dev.rollrun.tests.fuzz.YamlTree.Node;
import dev.rollrun.tests.fuzz.YamlTree.Scalar;
import dev.rollrun.tests.fuzz.YamlTree.Sequence;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link YamlTree} as YAML text, choosing styles at random as people do: block or flow
 * collections, plain, single- or double-quoted strings. Text that YAML cannot hold raw (control
 * characters, lone surrogates) is written as a double-quoted escape, so that the reader sees
 * exactly the value the mutation made.
 */
final class YamlEmitter {

  private static final Pattern SAFE_PLAIN =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_./ -]*[A-Za-z0-9_./-]|[A-Za-z_]");
  private static final Set<String> KEYWORDS =
      Set.of(
          "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y", "n",
          "yes", "no", "on", "off");

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final Random random;

  YamlEmitter(Random random) {
    this.random = random;
  }

  String write(Node root) {
    StringBuilder out = new StringBuilder();
    if (isBlock(root)) {
      block(root, 0, out);
    } else {
      out.append(inline(root)).append('\n');
    }
    return out.toString();
  }

  private static boolean isBlock(Node node) {
    if (node.anchor() != null) {
      return false;
    }
    if (node instanceof Mapping m) {
      return !m.flow && !m.entries.isEmpty();
    }
    if (node instanceof Sequence s) {
      return !s.flow && !s.items.isEmpty();
    }
    return false;
  }

  private void block(Node node, int indent, StringBuilder out) {
    String pad = " ".repeat(indent);
    if (node instanceof Mapping mapping) {
      for (Entry entry : mapping.entries) {
        if (entry.key instanceof Scalar || entry.key instanceof Alias) {
          out.append(pad).append(inline(entry.key)).append(':');
        } else {
          out.append(pad).append("? ").append(inline(entry.key)).append('\n').append(pad);
          out.append(':');
        }
        if (isBlock(entry.value)) {
          out.append('\n');
          block(entry.value, indent + 2, out);
        } else {
          out.append(' ').append(inline(entry.value)).append('\n');
        }
      }
      return;
    }
    for (Node item : ((Sequence) node).items) {
      if (isBlock(item)) {
        StringBuilder nested = new StringBuilder();
        block(item, indent + 2, nested);
        out.append(pad).append("- ").append(nested, indent + 2, nested.length());
      } else {
        out.append(pad).append("- ").append(inline(item)).append('\n');
      }
    }
  }

  private String inline(Node node) {
    String anchor = node.anchor() == null ? "" : "&" + node.anchor() + " ";
    if (node instanceof Alias alias) {
      return "*" + alias.name;
    }
    if (node instanceof Scalar scalar) {
      return anchor + scalar(scalar);
    }
    StringBuilder out = new StringBuilder(anchor);
    if (node instanceof Sequence sequence) {
      out.append('[');
      for (int i = 0; i < sequence.items.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(inline(sequence.items.get(i)));
      }
      return out.append(']').toString();
    }
    Mapping mapping = (Mapping) node;
    out.append('{');
    for (int i = 0; i < mapping.entries.size(); i++) {
      Entry entry = mapping.entries.get(i);
      out.append(i == 0 ? "" : ", ")
          .append(inline(entry.key))
          .append(": ")
          .append(inline(entry.value));
    }
    return out.append('}').toString();
  }

  private String scalar(Scalar scalar) {
    String text = scalar.text;
    if (scalar.plain) {
      return text;
    }
    int style = random.nextInt(10);
    boolean small = text.length() <= 200; // a long string is quoted: no need to look at it twice
    if (style < 6 && small && SAFE_PLAIN.matcher(text).matches() && !KEYWORDS.contains(text)) {
      return text;
    }
    if (style < 8 && small && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "'" + text.replace("'", "''") + "'";
    }
    return doubleQuoted(text);
  }

  /** A double-quoted YAML string; every character a file should not hold raw is escaped. */
  static String doubleQuoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        out.append(c).append(text.charAt(++i));
      } else if (c == '\\' || c == '"') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20
          || (c >= 0x7f && c <= 0x9f)
          || Character.isSurrogate(c)
          || Character.getType(c) == Character.FORMAT
          || c == '\u2028'
          || c == '\u2029') {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]);
        out.append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}

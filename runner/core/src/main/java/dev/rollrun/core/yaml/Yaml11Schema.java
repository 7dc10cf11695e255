package dev.rollrun.core.yaml;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * The implicit types of YAML 1.1 (yaml.org/type) as PyYAML's {@code Resolver} and {@code
 * SafeConstructor} apply them, which is how Ansible reads its YAML files. snakeyaml-engine reads
 * YAML 1.2 only; its schemas are pluggable, and this one gives it the 1.1 regular expressions,
 * copied from PyYAML's {@code resolver.py}, and the 1.1 values ({@link #value}).
 *
 * <p>Timestamps ({@code 2024-01-31}) stay text: Ansible prints a date as the same text.
 */
final class Yaml11Schema implements Schema {

  static final Tag MERGE = new Tag(Tag.PREFIX + "merge");

  private static final Pattern BOOL =
      Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
              + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN)");
  private static final Pattern INT =
      Pattern.compile(
          "[-+]?0b[0-1_]+"
              + "|[-+]?0[0-7_]+"
              + "|[-+]?(?:0|[1-9][0-9_]*)"
              + "|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");

  private static final ScalarResolver RESOLVER =
      (value, implicit) -> {
        if (!implicit) {
          return Tag.STR;
        }
        if (BOOL.matcher(value).matches()) {
          return Tag.BOOL;
        }
        if (FLOAT.matcher(value).matches()) {
          return Tag.FLOAT;
        }
        if (INT.matcher(value).matches()) {
          return Tag.INT;
        }
        if (value.equals("<<")) {
          return MERGE;
        }
        if (NULL.matcher(value).matches()) {
          return Tag.NULL;
        }
        return Tag.STR;
      };

  @Override
  public ScalarResolver getScalarResolver() {
    return RESOLVER;
  }

  @Override
  public Map<Tag, ConstructNode> getSchemaTagConstructors() {
    return Map.of();
  }

  /**
   * The value of a scalar the resolver typed: {@link Boolean}, {@link BigInteger}, {@link Double},
   * or null for a null; any other tag gives the text.
   */
  static Object value(Tag tag, String text) {
    if (Tag.NULL.equals(tag)) {
      return null;
    }
    if (Tag.BOOL.equals(tag)) {
      String lower = text.toLowerCase(Locale.ROOT);
      return lower.equals("yes") || lower.equals("true") || lower.equals("on");
    }
    if (Tag.INT.equals(tag)) {
      return integer(text);
    }
    if (Tag.FLOAT.equals(tag)) {
      return floating(text);
    }
    return text;
  }

  /** PyYAML's {@code construct_yaml_int}. */
  private static BigInteger integer(String text) {
    String v = text.replace("_", "");
    boolean negative = v.startsWith("-");
    if (v.startsWith("-") || v.startsWith("+")) {
      v = v.substring(1);
    }
    BigInteger value;
    if (v.equals("0")) {
      value = BigInteger.ZERO;
    } else if (v.startsWith("0b")) {
      value = new BigInteger(v.substring(2), 2);
    } else if (v.startsWith("0x")) {
      value = new BigInteger(v.substring(2), 16);
    } else if (v.startsWith("0")) {
      value = new BigInteger(v, 8);
    } else if (v.contains(":")) {
      value = BigInteger.ZERO;
      for (String digit : v.split(":")) {
        value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
      }
    } else {
      value = new BigInteger(v);
    }
    return negative ? value.negate() : value;
  }

  /** PyYAML's {@code construct_yaml_float}. */
  private static double floating(String text) {
    String v = text.replace("_", "").toLowerCase(Locale.ROOT);
    double sign = 1;
    if (v.startsWith("-") || v.startsWith("+")) {
      sign = v.startsWith("-") ? -1 : 1;
      v = v.substring(1);
    }
    if (v.equals(".inf")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (v.equals(".nan")) {
      return Double.NaN;
    }
    if (v.contains(":")) {
      double value = 0;
      for (String digit : v.split(":")) {
        value = value * 60 + Double.parseDouble(digit);
      }
      return sign * value;
    }
    return sign * Double.parseDouble(v);
  }
}

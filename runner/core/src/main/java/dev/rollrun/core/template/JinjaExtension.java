package dev.rollrun.core.template;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.lexer.Token;
import io.pebbletemplates.pebble.lexer.TokenStream;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.UnaryNotExpression;
import io.pebbletemplates.pebble.operator.Associativity;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.operator.BinaryOperatorImpl;
import io.pebbletemplates.pebble.operator.BinaryOperatorType;
import io.pebbletemplates.pebble.operator.UnaryOperator;
import io.pebbletemplates.pebble.operator.UnaryOperatorImpl;
import io.pebbletemplates.pebble.parser.Parser;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import io.pebbletemplates.pebble.tokenParser.TokenParser;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What Jinja2 (and so Ansible) has and Pebble does not, added through Pebble's extension points so
 * that an Ansible user's expressions render as they would in Ansible:
 *
 * <ul>
 *   <li>{@code x in y} and {@code x not in y}: an item of a list, a key of a mapping, a piece of a
 *       text; {@code not} binds as loosely as in Jinja2 ({@code not a in b} is {@code not (a in
 *       b)});
 *   <li>{@code | int}: Jinja2's {@code int} (text or number to a whole number, 0 when it is none);
 *   <li>{@code | replace('old', 'new'[, count])}: Jinja2's form (Pebble's {@code replace({'old':
 *       'new'})} still works);
 *   <li>{@code | regex_replace('pattern', 'replacement')}: Ansible's filter, Python's {@code
 *       re.sub}: {@code \1} and {@code \g<name>} in the replacement.
 * </ul>
 */
final class JinjaExtension extends AbstractExtension {

  @Override
  public List<BinaryOperator> getBinaryOperators() {
    // The precedence of Pebble's own "contains": below comparisons, above "and" and "not".
    return List.of(
        new BinaryOperatorImpl(
            "not in", 20, NotInExpression::new, BinaryOperatorType.NORMAL, Associativity.LEFT),
        new BinaryOperatorImpl(
            "in", 20, InExpression::new, BinaryOperatorType.NORMAL, Associativity.LEFT));
  }

  /**
   * Gives Pebble's own operators Jinja2's precedence: Jinja2's {@code not} binds looser than
   * comparisons and {@code in} ({@code not 'web' in roles} is {@code not ('web' in roles)}), where
   * Pebble's binds tightest; it goes between {@code and} (15) and the comparisons (20 and up).
   */
  static final class JinjaPrecedence extends ExtensionCustomizer {
    JinjaPrecedence(Extension extension) {
      super(extension);
    }

    @Override
    public List<UnaryOperator> getUnaryOperators() {
      List<UnaryOperator> operators = super.getUnaryOperators();
      if (operators == null) {
        return null;
      }
      return operators.stream()
          .map(
              op ->
                  op.getSymbol().equals("not")
                      ? new UnaryOperatorImpl("not", 18, UnaryNotExpression.class)
                      : op)
          .toList();
    }

    /**
     * Pebble's {@code for} tag, reading {@code for x in xs} although {@code in} is an operator now
     * (the lexer makes it one; the tag expects a name).
     */
    @Override
    public List<TokenParser> getTokenParsers() {
      List<TokenParser> parsers = super.getTokenParsers();
      if (parsers == null) {
        return null;
      }
      return parsers.stream()
          .map(parser -> parser.getTag().equals("for") ? new ForIn(parser) : parser)
          .toList();
    }
  }

  /** The {@code for} tag with its {@code in} read as the word it is there. */
  private record ForIn(TokenParser parser) implements TokenParser {
    @Override
    public String getTag() {
      return parser.getTag();
    }

    @Override
    public RenderableNode parse(Token token, Parser p) {
      TokenStream stream = p.getStream();
      List<Token> tokens = stream.getTokens();
      int at = tokens.indexOf(stream.current());
      for (int i = Math.max(at, 0); i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if (t.test(Token.Type.EXECUTE_END) || t.test(Token.Type.EOF)) {
          break;
        }
        if (t.test(Token.Type.OPERATOR, "in")) {
          t.setType(Token.Type.NAME);
          break;
        }
      }
      return parser.parse(token, p);
    }
  }

  @Override
  public Map<String, Filter> getFilters() {
    return Map.of(
        "int",
        new IntFilter(),
        "replace",
        new ReplaceFilter(),
        "regex_replace",
        new RegexReplace());
  }

  /** Python's {@code in}. */
  static boolean contains(Object container, Object item) {
    if (container instanceof Map<?, ?> map) {
      return map.containsKey(item) || item != null && map.containsKey(String.valueOf(item));
    }
    if (container instanceof Collection<?> collection) {
      return collection.stream().anyMatch(element -> same(element, item));
    }
    if (container instanceof String text) {
      return item != null && text.contains(String.valueOf(item));
    }
    if (container != null && container.getClass().isArray() && container instanceof Object[] a) {
      return List.of(a).stream().anyMatch(element -> same(element, item));
    }
    throw new PebbleException(
        null,
        "\"in\" needs a list, a mapping or a text on its right, not "
            + (container == null ? "nothing" : container.getClass().getSimpleName()));
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return a == null ? b == null : a.equals(b);
  }

  /** {@code item in container}. */
  static final class InExpression extends BinaryExpression<Boolean> {
    @Override
    public Boolean evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      return contains(
          getRightExpression().evaluate(self, context),
          getLeftExpression().evaluate(self, context));
    }
  }

  /** {@code item not in container}. */
  static final class NotInExpression extends BinaryExpression<Boolean> {
    @Override
    public Boolean evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      return !contains(
          getRightExpression().evaluate(self, context),
          getLeftExpression().evaluate(self, context));
    }
  }

  /** Jinja2's {@code int}: {@code int(value)}, else {@code int(float(value))}, else 0. */
  static final class IntFilter implements Filter {
    @Override
    public List<String> getArgumentNames() {
      return List.of("default");
    }

    @Override
    public Object apply(
        Object input,
        Map<String, Object> args,
        PebbleTemplate self,
        EvaluationContext context,
        int lineNumber) {
      Object fallback = args.getOrDefault("default", 0L);
      if (input instanceof Boolean b) {
        return b ? 1L : 0L;
      }
      if (input instanceof Number n) {
        return n.longValue();
      }
      if (input == null) {
        return fallback;
      }
      String text = String.valueOf(input).strip().replace("_", "");
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        try {
          return (long) Double.parseDouble(text);
        } catch (NumberFormatException again) {
          return fallback;
        }
      }
    }
  }

  /** Jinja2's {@code replace(old, new, count)}, and Pebble's {@code replace({old: new})}. */
  static final class ReplaceFilter implements Filter {
    @Override
    public List<String> getArgumentNames() {
      return List.of("old", "new", "count");
    }

    @Override
    public Object apply(
        Object input,
        Map<String, Object> args,
        PebbleTemplate self,
        EvaluationContext context,
        int lineNumber) {
      if (input == null) {
        return null;
      }
      String text = String.valueOf(input);
      Object old = args.get("old");
      if (old instanceof Map<?, ?> pairs) {
        for (Map.Entry<?, ?> pair : pairs.entrySet()) {
          text = text.replace(String.valueOf(pair.getKey()), String.valueOf(pair.getValue()));
        }
        return text;
      }
      if (old == null || !args.containsKey("new")) {
        throw new PebbleException(
            null, "replace takes the text to replace and its replacement", lineNumber, null);
      }
      String from = String.valueOf(old);
      String to = String.valueOf(args.get("new"));
      long count = args.get("count") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
      StringBuilder out = new StringBuilder();
      int at = 0;
      for (long done = 0; done < count; done++) {
        int found = text.indexOf(from, at);
        if (found < 0 || from.isEmpty()) {
          break;
        }
        out.append(text, at, found).append(to);
        at = found + from.length();
      }
      return out.append(text.substring(at)).toString();
    }
  }

  /** Ansible's {@code regex_replace(pattern, replacement, ignorecase=false, multiline=false)}. */
  static final class RegexReplace implements Filter {
    private static final Pattern GROUP = Pattern.compile("\\\\(?:(\\d+)|g<(\\w+)>)|\\$");

    @Override
    public List<String> getArgumentNames() {
      return List.of("pattern", "replacement", "ignorecase", "multiline");
    }

    @Override
    public Object apply(
        Object input,
        Map<String, Object> args,
        PebbleTemplate self,
        EvaluationContext context,
        int lineNumber) {
      if (input == null) {
        return null;
      }
      String pattern = String.valueOf(args.getOrDefault("pattern", ""));
      String replacement = String.valueOf(args.getOrDefault("replacement", ""));
      int flags = 0;
      if (Boolean.TRUE.equals(args.get("ignorecase"))) {
        flags |= Pattern.CASE_INSENSITIVE;
      }
      if (Boolean.TRUE.equals(args.get("multiline"))) {
        flags |= Pattern.MULTILINE;
      }
      Pattern compiled;
      try {
        compiled = Pattern.compile(pattern, flags);
      } catch (PatternSyntaxException e) {
        throw new PebbleException(
            e,
            "regex_replace: \"" + pattern + "\" is not a regular expression: " + e.getDescription(),
            lineNumber,
            null);
      }
      return compiled
          .matcher(RenderBudget.timed(String.valueOf(input), lineNumber))
          .replaceAll(javaReplacement(replacement));
    }

    /** Python's {@code \1} and {@code \g<name>} as Java's {@code $1}, {@code ${name}}. */
    private static String javaReplacement(String python) {
      Matcher m = GROUP.matcher(python);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String group =
            m.group().equals("$")
                ? "\\\\\\$"
                : m.group(1) != null ? "\\$" + m.group(1) : "\\${" + m.group(2) + "}";
        m.appendReplacement(out, group);
      }
      m.appendTail(out);
      return out.toString();
    }
  }
}

package dev.rollrun.core.template;

import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.NodeVisitor;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.extension.core.CoreExtension;
import io.pebbletemplates.pebble.extension.core.DefaultFilter;
import io.pebbletemplates.pebble.extension.core.DefinedTest;
import io.pebbletemplates.pebble.lexer.Token;
import io.pebbletemplates.pebble.node.ForNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.expression.ConcatenateExpression;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.operator.BinaryOperatorImpl;
import io.pebbletemplates.pebble.parser.Parser;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import io.pebbletemplates.pebble.tokenParser.TokenParser;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pebble's core extension with every loop iteration, filter, function, test and {@code ~}
 * concatenation spending the {@link RenderBudget} of the rendering in progress, and every text or
 * list they make checked against its size limits, {@code range} before it is made. The engine
 * itself is unchanged: this wraps what it is configured with.
 *
 * <p>One change of meaning: {@code split} splits at its delimiter as text, as Jinja's does, not as
 * a regular expression (which could take exponential time on a crafted delimiter).
 */
final class BudgetedExtension extends ExtensionCustomizer {

  private BudgetedExtension(Extension delegate) {
    super(delegate);
  }

  /** For {@code PebbleEngine.Builder.registerExtensionCustomizer}: only the core is changed. */
  static ExtensionCustomizer of(Extension extension) {
    return extension instanceof CoreExtension
        ? new BudgetedExtension(extension)
        : new ExtensionCustomizer(extension) {};
  }

  /** An extension of rollrun's own ({@link JinjaExtension}) whose filters spend the budget too. */
  static Extension budgeted(Extension extension) {
    return new BudgetedExtension(extension);
  }

  @Override
  public Map<String, Filter> getFilters() {
    if (super.getFilters() == null) {
      return null;
    }
    Map<String, Filter> filters = new HashMap<>();
    super.getFilters()
        .forEach(
            (name, filter) ->
                // Pebble knows its default filter by its class (it lets an undefined variable
                // through to it); it makes nothing larger than its input or its argument.
                filters.put(
                    name, filter instanceof DefaultFilter ? filter : budgeted(name, filter)));
    return filters;
  }

  @Override
  public Map<String, Function> getFunctions() {
    if (super.getFunctions() == null) {
      return null;
    }
    Map<String, Function> functions = new HashMap<>();
    super.getFunctions().forEach((name, f) -> functions.put(name, budgeted(name, f)));
    return functions;
  }

  @Override
  public Map<String, Test> getTests() {
    if (super.getTests() == null) {
      return null;
    }
    Map<String, Test> tests = new HashMap<>();
    // Pebble knows its defined test by its class too (it lets an undefined variable through to it).
    super.getTests()
        .forEach(
            (name, test) -> tests.put(name, test instanceof DefinedTest ? test : budgeted(test)));
    return tests;
  }

  @Override
  public List<TokenParser> getTokenParsers() {
    if (super.getTokenParsers() == null) {
      return null;
    }
    return super.getTokenParsers().stream()
        .map(parser -> parser.getTag().equals("for") ? new CountingFor(parser) : parser)
        .toList();
  }

  @Override
  public List<BinaryOperator> getBinaryOperators() {
    if (super.getBinaryOperators() == null) {
      return null;
    }
    return super.getBinaryOperators().stream()
        .map(
            op ->
                op.getSymbol().equals("~")
                    ? new BinaryOperatorImpl(
                        op.getSymbol(),
                        op.getPrecedence(),
                        BoundedConcatenation::new,
                        op.getType(),
                        op.getAssociativity())
                    : op)
        .toList();
  }

  private static Filter budgeted(String name, Filter filter) {
    return new Filter() {
      @Override
      public Object apply(
          Object input,
          Map<String, Object> args,
          PebbleTemplate self,
          EvaluationContext context,
          int line) {
        RenderBudget.step(line);
        Map<String, Object> arguments = args;
        if (name.equals("split") && args.get("delimiter") instanceof String delimiter) {
          arguments = new LinkedHashMap<>(args);
          arguments.put("delimiter", Pattern.quote(delimiter));
        }
        return RenderBudget.checkSize(filter.apply(input, arguments, self, context, line), line);
      }

      @Override
      public List<String> getArgumentNames() {
        return filter.getArgumentNames();
      }
    };
  }

  private static Function budgeted(String name, Function function) {
    return new Function() {
      @Override
      public Object execute(
          Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
        RenderBudget.step(line);
        if (name.equals("range")) {
          RenderBudget.checkRange(args.get("start"), args.get("end"), args.get("increment"), line);
        }
        return RenderBudget.checkSize(function.execute(args, self, context, line), line);
      }

      @Override
      public List<String> getArgumentNames() {
        return function.getArgumentNames();
      }
    };
  }

  private static Test budgeted(Test test) {
    return new Test() {
      @Override
      public boolean apply(
          Object input,
          Map<String, Object> args,
          PebbleTemplate self,
          EvaluationContext context,
          int line) {
        RenderBudget.step(line);
        return test.apply(input, args, self, context, line);
      }

      @Override
      public List<String> getArgumentNames() {
        return test.getArgumentNames();
      }
    };
  }

  /** The {@code for} tag, with every iteration of the loop it makes spending a step. */
  private record CountingFor(TokenParser parser) implements TokenParser {
    @Override
    public String getTag() {
      return parser.getTag();
    }

    @Override
    public RenderableNode parse(Token token, Parser p) {
      RenderableNode node = parser.parse(token, p);
      if (node instanceof ForNode loop) {
        return new ForNode(
            loop.getLineNumber(),
            loop.getIterationVariable(),
            new Counted(loop.getIterable()),
            loop.getBody(),
            loop.getElseBody());
      }
      return node;
    }
  }

  /** A loop's iterable, each of whose items spends a step when the loop takes it. */
  private record Counted(Expression<?> iterable) implements Expression<Object> {
    @Override
    public Object evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      return RenderBudget.counting(iterable.evaluate(self, context), getLineNumber());
    }

    @Override
    public int getLineNumber() {
      return iterable.getLineNumber();
    }

    @Override
    public void accept(NodeVisitor visitor) {
      iterable.accept(visitor);
    }
  }

  /** {@code a ~ b}, refused before it is made when it would be longer than a command can be. */
  static final class BoundedConcatenation extends ConcatenateExpression {
    @Override
    public String evaluate(PebbleTemplateImpl self, EvaluationContextImpl context) {
      RenderBudget.step(getLineNumber());
      Object left = getLeftExpression().evaluate(self, context);
      Object right = getRightExpression().evaluate(self, context);
      String l = left == null ? "" : left.toString();
      String r = right == null ? "" : right.toString();
      if ((long) l.length() + r.length() > RenderBudget.MAX_CHARS) {
        throw RenderBudget.tooLong(getLineNumber());
      }
      return l + r;
    }
  }
}

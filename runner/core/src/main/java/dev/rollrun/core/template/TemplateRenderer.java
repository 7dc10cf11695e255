package dev.rollrun.core.template;

import dev.rollrun.core.config.Template;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.template.JinjaExtension.JinjaPrecedence;
import dev.rollrun.core.text.Suggestions;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.extension.core.CoreExtension;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders playbook templates with Pebble, whose syntax is Jinja's: {@code {{ host.address }}},
 * {@code {{ host.vars['broker.id'] }}}, {@code {{ vars.x | default('y') }}}, {@code {% if %}}.
 *
 * <p>Strict: a variable that is not defined is an error at the template's file:line:column, never
 * an empty string: an empty host name in {@code ssh} or {@code rm -rf /data/{{ x }}} is how outages
 * start. Nothing is HTML-escaped: the output is shell commands.
 */
public final class TemplateRenderer {

  /** Settings a host may lack in the inventory, though templates often use them. */
  private static final List<String> OPTIONAL_HOST_SETTINGS =
      List.of("rack", "zone", "port", "user");

  /**
   * Ansible's names a plan offers besides rollrun's ({@code inventory_hostname}, {@code hostvars},
   * ...), so that an Ansible user's expressions work; messages list rollrun's names only.
   */
  public static final Set<String> ANSIBLE_NAMES =
      Set.of(
          "groups",
          "hostvars",
          "inventory_hostname",
          "inventory_hostname_short",
          "ansible_host",
          "group_names");

  private static final Pattern UNKNOWN_FILTER =
      Pattern.compile("Filter \\[([^\\]]*)\\] does not exist");

  private final PebbleEngine engine =
      new PebbleEngine.Builder()
          .loader(new StringLoader())
          .strictVariables(true)
          .autoEscaping(false)
          .newLineTrimming(false)
          .cacheActive(false)
          // What one rendering may print, make and spend: see RenderBudget.
          .maxRenderedSize(RenderBudget.MAX_CHARS)
          .extension(BudgetedExtension.budgeted(new JinjaExtension()))
          .registerExtensionCustomizer(e -> new JinjaPrecedence(BudgetedExtension.of(e)))
          .build();
  // Nodes are rendered on several threads; Pebble templates themselves are thread-safe.
  private final Map<String, PebbleTemplate> compiled =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Renders {@code template} in {@code context}.
   *
   * @param what what is being rendered, for messages, e.g. {@code for host kafka-1}
   * @throws InvalidConfigException at the template's position when it cannot be rendered
   */
  public String render(Template template, Map<String, Object> context, String what) {
    if (!template.isTemplated()) {
      return template.source();
    }
    PebbleTemplate compiledTemplate = compile(template);
    StringWriter out = new StringWriter();
    try {
      RenderBudget.during(
          () -> {
            try {
              compiledTemplate.evaluate(out, context);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return null;
          });
    } catch (StackOverflowError e) {
      // Pebble recurses once per macro call and nesting level; the stack is the limit.
      throw new RunawayTemplateException(
          template.position(),
          "template error"
              + suffix(what)
              + ": the template calls itself without end (a macro that calls itself?) or nests"
              + " too deeply");
    } catch (RootAttributeNotFoundException e) {
      throw error(
          template,
          e,
          "undefined variable \""
              + e.getAttributeName()
              + "\""
              + suffix(what)
              + hostVariableHint(e.getAttributeName(), context)
              + "; defined: "
              + String.join(", ", rollrunNames(context)));
    } catch (AttributeNotFoundException e) {
      throw error(template, e, undefinedAttribute(template, e.getAttributeName(), context, what));
    } catch (PebbleException e) {
      String message =
          clean("template error" + suffix(what) + ": " + e.getPebbleMessage() + filterHint(e));
      if (e instanceof RenderBudget.Exceeded
          || String.valueOf(e.getPebbleMessage()).startsWith("Tried to write more than")) {
        throw new RunawayTemplateException(lineOf(template, e.getLineNumber()), message);
      }
      throw new InvalidConfigException(lineOf(template, e.getLineNumber()), message);
    } catch (RuntimeException e) {
      throw new InvalidConfigException(
          template.position(), "template error" + suffix(what) + ": " + describe(e));
    }
    return out.toString();
  }

  private static TreeSet<String> rollrunNames(Map<String, Object> context) {
    TreeSet<String> names = new TreeSet<>(context.keySet());
    names.removeAll(ANSIBLE_NAMES);
    return names;
  }

  /**
   * Ansible puts a host's variables at the top ({@code {{ http_port }}}); rollrun under {@code
   * host.vars}: say so when that is where the name is, else suggest a close name.
   */
  private static String hostVariableHint(String name, Map<String, Object> context) {
    if (context.get("host") instanceof Map<?, ?> host
        && host.get("vars") instanceof Map<?, ?> vars
        && vars.containsKey(name)) {
      return " (host variables are under host.vars: write {{ host.vars." + name + " }})";
    }
    return Suggestions.didYouMean(name, rollrunNames(context));
  }

  /**
   * {@code undefined variable "vars.relase" for host web-1 (did you mean "vars.release"?)}: the
   * dotted name as written in the template, and the closest name that exists beside it.
   */
  private static String undefinedAttribute(
      Template template, String attribute, Map<String, Object> context, String what) {
    Matcher written =
        Pattern.compile(
                "([A-Za-z_][\\w]*(?:\\.[A-Za-z_][\\w]*)*)\\s*\\.\\s*"
                    + Pattern.quote(attribute)
                    + "(?!\\w)")
            .matcher(template.source());
    if (!written.find()) {
      return "undefined variable: nothing named \""
          + attribute
          + "\""
          + suffix(what)
          + Suggestions.didYouMean(attribute, knownNames(context));
    }
    String owner = written.group(1);
    Object found = context;
    for (String part : owner.split("\\.")) {
      found = found instanceof Map<?, ?> map ? map.get(part) : null;
    }
    String message = "undefined variable \"" + owner + "." + attribute + "\"" + suffix(what);
    if (found instanceof Map<?, ?> map) {
      List<String> keys = map.keySet().stream().map(String::valueOf).toList();
      java.util.Optional<String> close = Suggestions.closest(attribute, keys);
      if (close.isPresent()) {
        message += " (did you mean \"" + owner + "." + close.get() + "\"?)";
      } else if (owner.equals("vars")) {
        message += "; define it under vars: or pass -e " + attribute + "=VALUE";
      }
    } else if (found != null) {
      message += ": " + owner + " is " + describe(found) + ", which has no " + attribute;
    }
    if (owner.equals("host") && OPTIONAL_HOST_SETTINGS.contains(attribute)) {
      message +=
          "; "
              + attribute
              + " is not set in the inventory (set it, or write {{ host."
              + attribute
              + " | default('none') }})";
    }
    return message;
  }

  /** {@code (did you mean "upper"?)} for a filter Pebble does not have. */
  private static String filterHint(PebbleException e) {
    Matcher unknown = UNKNOWN_FILTER.matcher(String.valueOf(e.getPebbleMessage()));
    if (!unknown.find()) {
      return "";
    }
    return Suggestions.didYouMean(unknown.group(1), new CoreExtension().getFilters().keySet());
  }

  private static String describe(Object value) {
    if (value instanceof String text) {
      return "the text \"" + text + "\"";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return String.valueOf(value);
  }

  /** Checks the template's syntax without rendering it. */
  public void check(Template template) {
    if (template.isTemplated()) {
      compile(template);
    }
  }

  private PebbleTemplate compile(Template template) {
    PebbleTemplate found = compiled.get(template.source());
    if (found != null) {
      return found;
    }
    try {
      PebbleTemplate t = engine.getTemplate(template.source());
      compiled.put(template.source(), t);
      return t;
    } catch (StackOverflowError e) {
      throw new InvalidConfigException(
          template.position(),
          "template syntax error: the template nests too deeply (brackets, parentheses or tags)");
    } catch (NumberFormatException e) {
      // Pebble reads a number literal as a long, and fails on one that is longer.
      throw new InvalidConfigException(
          template.position(),
          "template syntax error: a number too large for a template (at most 18 digits)");
    } catch (PebbleException e) {
      // Pebble notices an unclosed {{ only at the end of the text, as an "unexpected character".
      String problem = unclosedDelimiter(template.source()).orElse(e.getPebbleMessage());
      throw error(template, e, "template syntax error: " + problem);
    }
  }

  /**
   * Why a template's {{ or {% is never closed, which Pebble reports only as an unexpected character
   * at the end.
   */
  static java.util.Optional<String> unclosedDelimiter(String source) {
    String[][] pairs = {{"{{", "}}"}, {"{%", "%}"}, {"{#", "#}"}};
    for (String[] pair : pairs) {
      int open = source.indexOf(pair[0]);
      while (open >= 0) {
        int close = source.indexOf(pair[1], open + 2);
        if (close < 0) {
          return java.util.Optional.of(
              "\""
                  + pair[0]
                  + "\" at character "
                  + (open + 1)
                  + " is never closed with \""
                  + pair[1]
                  + "\" (to write "
                  + pair[0]
                  + " as text, write {{ \""
                  + pair[0]
                  + "\" }})");
        }
        open = source.indexOf(pair[0], close + 2);
      }
    }
    return java.util.Optional.empty();
  }

  private static String suffix(String what) {
    return what == null || what.isEmpty() ? "" : " " + what;
  }

  private static InvalidConfigException error(
      Template template, PebbleException e, String message) {
    return new InvalidConfigException(lineOf(template, e.getLineNumber()), clean(message));
  }

  /**
   * The template's own position, moved to the line inside a multi-line template (a literal block
   * {@code run: |}, whose position is its first line of text and whose lines share a column).
   */
  private static SourcePosition lineOf(Template template, Integer line) {
    SourcePosition at = template.position();
    if (line == null || line <= 1) {
      return at;
    }
    return new SourcePosition(at.file(), at.line() + line - 1, at.column());
  }

  /**
   * What went wrong in a template when the engine failed on a value rather than on the template's
   * text (a list of text and numbers sorted, a string where a number belongs), in words: no class
   * names, which mean nothing to an operator.
   */
  static String describe(RuntimeException e) {
    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    String kind =
        cause instanceof ClassCastException
            ? "a value of the wrong type (text where a number or list was expected, or the"
                + " reverse)"
            : cause instanceof ArithmeticException
                ? "arithmetic error"
                : cause instanceof NumberFormatException
                    ? "not a number"
                    : cause instanceof IndexOutOfBoundsException
                        ? "index out of range"
                        : cause instanceof java.util.regex.PatternSyntaxException
                            ? "invalid regular expression"
                            : "failed";
    String detail = cause.getMessage() == null ? "" : clean(cause.getMessage());
    // A JDK message naming classes ("class java.lang.String cannot be cast...") says no more.
    boolean helpful =
        !detail.isEmpty()
            && !detail.matches("(?s).*\\b(java|javax|jdk|sun|io\\.pebbletemplates)\\.\\w.*")
            && !(cause instanceof ClassCastException);
    return helpful ? kind + " (" + detail + ")" : kind;
  }

  private static final Pattern KEY_TYPE =
      Pattern.compile("type class ([\\w.$]+) not supported for key (.+?)\\.?$");

  /** Pebble's words made plain: no class names, no "strict variables", quotes for names. */
  private static String clean(String message) {
    Matcher keyType = KEY_TYPE.matcher(message);
    if (keyType.find()) {
      // {{ vars[0] }}: Pebble looks the number up in a mapping whose keys are text.
      message =
          message.substring(0, keyType.start())
              + "cannot look up "
              + keyType.group(2)
              + " here: the keys are "
              + typeInWords(keyType.group(1))
              + (typeInWords(keyType.group(1)).equals("text")
                  ? " (write ['" + keyType.group(2) + "'] to look up the text)"
                  : "");
    }
    return message
        .replaceAll(
            "Tried to write more than (\\d+) chars\\.?",
            "the template prints more than $1 characters, longer than any command a shell takes")
        .replaceAll(
            "For security reasons access to .*?(\\w+)\\(\\) method is denied\\.?",
            "a template may not call $1()")
        .replaceAll("\\s*\\(\\?:\\?\\)", "")
        .replaceAll("\\s+", " ")
        .replace(" and strict variables is set to true", "")
        .replaceAll(
            "Unexpected end of template\\. Pebble was looking for the \"(\\w+)\" tag",
            "the template ends without {% $1 %}")
        .replace("Pebble was looking for", "expected")
        .replaceAll("Filter \\[([^\\]]*)\\] does not exist\\.?", "no filter named \"$1\"")
        .replaceAll(
            "Function or Macro \\[([^\\]]*)\\] does not exist\\.?", "no function named \"$1\"")
        .trim();
  }

  private static String typeInWords(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return switch (simple) {
      case "String" -> "text";
      case "Long", "Integer", "Double", "Float", "BigDecimal", "BigInteger", "Short", "Byte" ->
          "numbers";
      case "Boolean" -> "true or false";
      default -> "values of another type";
    };
  }

  @SuppressWarnings("unchecked")
  private static Collection<String> knownNames(Map<String, Object> context) {
    TreeSet<String> names = new TreeSet<>();
    for (Object value : context.values()) {
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          names.add(String.valueOf(e.getKey()));
          if (e.getValue() instanceof Map<?, ?> inner) {
            ((Map<Object, Object>) inner).keySet().forEach(k -> names.add(String.valueOf(k)));
          }
        }
      }
    }
    return List.copyOf(names);
  }
}

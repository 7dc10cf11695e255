package dev.rollrun.core.template;

import dev.rollrun.core.config.InvalidConfigException;
import dev.rollrun.core.config.SourcePosition;
import dev.rollrun.core.config.Suggestions;
import dev.rollrun.core.config.Template;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders playbook templates with Pebble, whose syntax is Jinja's: {@code {{ host.address }}},
 * {@code {{ host.vars['broker.id'] }}}, {@code {{ vars.x | default('y') }}}, {@code {% if %}}.
 *
 * <p>Strict: a variable that is not defined is an error at the template's file:line:column, never
 * an empty string: an empty host name in {@code ssh} or {@code rm -rf /data/{{ x }}} is how outages
 * start. Nothing is HTML-escaped: the output is shell commands.
 */
public final class TemplateRenderer {

  private final PebbleEngine engine =
      new PebbleEngine.Builder()
          .loader(new StringLoader())
          .strictVariables(true)
          .autoEscaping(false)
          .newLineTrimming(false)
          .cacheActive(false)
          .build();
  private final Map<String, PebbleTemplate> compiled = new HashMap<>();

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
      compiledTemplate.evaluate(out, context);
    } catch (RootAttributeNotFoundException e) {
      throw error(
          template,
          e,
          "undefined variable \""
              + e.getAttributeName()
              + "\""
              + suffix(what)
              + Suggestions.didYouMean(e.getAttributeName(), context.keySet())
              + "; defined: "
              + String.join(", ", new TreeSet<>(context.keySet())));
    } catch (AttributeNotFoundException e) {
      throw error(
          template,
          e,
          "undefined variable: nothing named \""
              + e.getAttributeName()
              + "\""
              + suffix(what)
              + Suggestions.didYouMean(e.getAttributeName(), knownNames(context)));
    } catch (PebbleException e) {
      throw error(template, e, "template error" + suffix(what) + ": " + e.getPebbleMessage());
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigException(
          template.position(), "template error" + suffix(what) + ": " + e.getMessage());
    }
    return out.toString();
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
    } catch (PebbleException e) {
      throw error(template, e, "template syntax error: " + e.getPebbleMessage());
    }
  }

  private static String suffix(String what) {
    return what == null || what.isEmpty() ? "" : " " + what;
  }

  private static InvalidConfigException error(
      Template template, PebbleException e, String message) {
    return new InvalidConfigException(lineOf(template, e.getLineNumber()), clean(message));
  }

  /** The template's own position, moved to the line inside a multi-line template. */
  private static SourcePosition lineOf(Template template, Integer line) {
    SourcePosition at = template.position();
    if (line == null || line <= 1) {
      return at;
    }
    return new SourcePosition(at.file(), at.line() + line - 1, 1);
  }

  private static String clean(String message) {
    return message
        .replaceAll("\\s*\\(\\?:\\?\\)", "")
        .replaceAll("\\s+", " ")
        .replace(" and strict variables is set to true", "")
        .trim();
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

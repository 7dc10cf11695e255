package dev.rollrun.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.config.Template;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Ansible users write in Jinja2 renders as Jinja2 renders it: {@code in}, {@code not in},
 * {@code is defined}, and the filters they use most.
 */
class JinjaCompatibilityTest {

  private static final SourcePosition AT = new SourcePosition("p.yml", 3, 10);

  private final TemplateRenderer renderer = new TemplateRenderer();

  private final Map<String, Object> context =
      Map.of(
          "host",
          Map.of(
              "name",
              "db-1",
              "roles",
              List.of("data", "eu"),
              "vars",
              Map.of("port", "5432", "tags", List.of("a", "b"), "Name", "DB One")),
          "vars",
          Map.of("release", "2024.1-rc"));

  private String render(String source) {
    return renderer.render(new Template(source, AT), context, "for host db-1");
  }

  @ParameterizedTest(name = "{0} => {1}")
  @CsvSource(
      delimiterString = "=>",
      value = {
        "{% if 'data' in host.roles %}yes{% else %}no{% endif %}=>yes",
        "{% if 'web' in host.roles %}yes{% else %}no{% endif %}=>no",
        "{% if 'web' not in host.roles %}yes{% else %}no{% endif %}=>yes",
        "{% if 'data' not in host.roles %}yes{% else %}no{% endif %}=>no",
        "{{ 'rc' in vars.release }}=>true",
        "{% for r in host.roles %}{{ r }};{% endfor %}=>data;eu;",
        "{{ 'port' in host.vars }}=>true",
        "{% if not 'web' in host.roles %}yes{% endif %}=>yes",
        "{% if not 'data' in host.roles and true %}yes{% else %}no{% endif %}=>no",
        "{% if not host.name == 'db-2' %}yes{% endif %}=>yes",
        "{% if vars.release is defined %}yes{% else %}no{% endif %}=>yes",
        "{% if vars.missing is defined %}yes{% else %}no{% endif %}=>no",
        "{% if vars.missing is not defined %}yes{% else %}no{% endif %}=>yes",
        "{% if nothing is defined %}yes{% else %}no{% endif %}=>no",
        "{{ vars.missing | default('fallback') }}=>fallback",
        "{{ host.vars.tags | join(',') }}=>a,b",
        "{{ host.vars.port | int + 1 }}=>5433",
        "{{ 'x' | int }}=>0",
        "{{ '7.9' | int }}=>7",
        "{{ host.vars.Name | lower }}=>db one",
        "{{ host.vars.Name | upper }}=>DB ONE",
        "{{ vars.release | replace('-rc', '') }}=>2024.1",
        "{{ vars.release | replace('1', 'X') }}=>2024.X-rc",
        "{{ vars.release | regex_replace('^([0-9]+)\\..*$', '\\1') }}=>2024",
        "{{ vars.release | regex_replace('[.-]', '_') }}=>2024_1_rc",
      })
  void rendersAsJinja2Does(String template, String expected) {
    assertEquals(expected, render(template));
  }

  @Test
  void undefinedVariableIsStillAnErrorOutsideDefinedAndDefault() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> render("{{ vars.missing }}"));
    assertTrue(e.getMessage().contains("undefined variable \"vars.missing\""), e.getMessage());
  }

  @Test
  void regexReplaceWithABadExpressionNamesIt() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> render("{{ vars.release | regex_replace('(', '') }}"));
    assertTrue(e.getMessage().startsWith("p.yml:3:10: "), e.getMessage());
    assertTrue(e.getMessage().contains("regex_replace"), e.getMessage());
  }
}

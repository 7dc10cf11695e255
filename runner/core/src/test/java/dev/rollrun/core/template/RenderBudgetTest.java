package dev.rollrun.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.config.Template;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A template cannot hang a plan, fill the memory or end rollrun with a stack overflow: what would
 * is an error at the template's position, within a second.
 */
class RenderBudgetTest {

  private static final SourcePosition AT = new SourcePosition("p.yml", 7, 12);
  private static final Duration QUICKLY = Duration.ofSeconds(10);

  private final TemplateRenderer renderer = new TemplateRenderer();
  private final Map<String, Object> context =
      Map.of("host", Map.of("name", "web-1", "roles", List.of("web", "canary")));

  private String render(String source) {
    return renderer.render(new Template(source, AT), context, "for host web-1");
  }

  private String problem(String source) {
    InvalidConfigException e =
        assertTimeoutPreemptively(
            QUICKLY, () -> assertThrows(InvalidConfigException.class, () -> render(source)));
    assertEquals(1, e.problems().size());
    ConfigProblem problem = e.problems().get(0);
    assertEquals(AT, problem.position(), problem.toString());
    assertFalse(problem.message().matches("(?s).*(Exception|Error|java\\.).*"), problem.message());
    return problem.message();
  }

  @Test
  void regexReplaceThatBacktracksWithoutEndStopsAtTheTimeLimit() {
    String message = problem("{{ '" + "a".repeat(30) + "!' | regex_replace('(.*a){14}$', 'b') }}");
    assertTrue(message.contains("matching the regular expression takes longer than"), message);
  }

  @Test
  void macroThatCallsItselfIsAnErrorNotAStackOverflow() {
    assertEquals(
        "template error for host web-1: the template calls itself without end (a macro that"
            + " calls itself?) or nests too deeply",
        problem("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"));
  }

  @Test
  void nestedLoopsStopAtTheStepBudget() {
    assertTrue(
        problem(
                "{% for i in range(1, 3000) %}{% for j in range(1, 3000) %}{{ i }}{% endfor %}"
                    + "{% endfor %}")
            .startsWith("template error for host web-1: the template prints more than 100000"));
  }

  @Test
  void emptyLoopsStopAtTheStepBudgetToo() {
    assertTrue(
        problem(
                "{% for i in range(1, 3000) %}{% for j in range(1, 3000) %}{% endfor %}{% endfor"
                    + " %}")
            .contains("more than 100,000 steps"));
  }

  @Test
  void hugeRangeIsRefusedBeforeItIsMade() {
    assertEquals(
        "template error for host web-1: the template makes a list of more than 100,000 items",
        problem("{% for i in range(0, 100000000000) %}{% endfor %}"));
    assertTrue(problem("{% for i in 1..2000000000 %}x{% endfor %}").contains("100,000 items"));
  }

  @Test
  void textDoubledInALoopIsRefusedBeforeItFillsTheMemory() {
    assertTrue(
        problem(
                "{% set s = 'xxxxxxxx' %}{% for i in range(1, 40) %}{% set s = s ~ s %}{% endfor"
                    + " %}{{ s | length }}")
            .contains("a text of more than 100,000 characters"));
    assertTrue(
        problem(
                "{% set s = 'ab' %}{% for i in range(1, 30) %}{% set s = s | replace({'a':"
                    + " 'aaaa', 'b': 'bbbb'}) %}{% endfor %}{{ s | length }}")
            .contains("a text of more than 100,000 characters"));
  }

  @Test
  void listDoubledInALoopIsRefused() {
    assertTrue(
        problem(
                "{% set l = [1] %}{% for i in range(1, 40) %}{% set l = l | merge(l) %}{% endfor"
                    + " %}{{ l | length }}")
            .contains("a list of more than 100,000 items"));
  }

  @Test
  void outputLongerThanAnyCommandIsRefused() {
    assertTrue(
        problem("{% for i in range(1, 50000) %}{{ host.name }}{% endfor %}")
            .contains("prints more than 100000 characters"));
  }

  @Test
  void deeplyNestedParenthesesAreASyntaxError() {
    assertEquals(
        "template syntax error: the template nests too deeply (brackets, parentheses or tags)",
        problem("{{ " + "(".repeat(20000) + "1" + ")".repeat(20000) + " }}"));
  }

  @Test
  void numberLiteralTooLargeIsASyntaxErrorNotACrash() {
    assertEquals(
        "template syntax error: a number too large for a template (at most 18 digits)",
        problem("echo {{ 99999999999999999999999999 }}"));
  }

  @Test
  void lookingUpANumberInAMappingOfTextIsAnErrorInWords() {
    assertEquals(
        "template error for host web-1: cannot look up 0 here: the keys are text (write ['0'] to"
            + " look up the text)",
        problem("{{ host[0] }}"));
  }

  @Test
  void sortingTextWithNumbersIsAnErrorInWords() {
    assertEquals(
        "template error for host web-1: a value of the wrong type (text where a number or list"
            + " was expected, or the reverse)",
        problem("{{ [1, 'a'] | sort }}"));
  }

  @Test
  void splitCutsAtItsDelimiterAsTextLikeJinja() {
    assertEquals("a,b,c", render("{{ 'a.b.c' | split('.') | join(',') }}"));
    assertEquals("x,y", render("{{ 'x(y' | split('(') | join(',') }}"));
  }

  @Test
  void ordinaryLoopsFiltersAndMacrosStillRender() {
    assertEquals(
        "WEB CANARY 2 ab",
        render(
            "{% macro up(s) %}{{ s | upper }}{% endmacro %}"
                + "{% for r in host.roles %}{{ up(r) }} {% endfor %}{{ host.roles | length }}"
                + " {{ 'a' ~ 'b' }}"));
    assertEquals(
        "1 2 3",
        render("{% for i in range(1, 3) %}{{ i }}{% if not loop.last %} {% endif %}{% endfor %}"));
  }
}

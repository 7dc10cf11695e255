package dev.rollrun.core.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollrun.core.config.Template;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

  private static final SourcePosition AT = new SourcePosition("p.yml", 7, 12);

  private final TemplateRenderer renderer = new TemplateRenderer();

  private final Map<String, Object> context =
      Map.of(
          "host",
          Map.of(
              "name",
              "kafka-1",
              "address",
              "10.0.0.11",
              "vars",
              Map.of("broker.id", 3, "http_port", 8080)),
          "vars",
          Map.of("release", "2.4.1", "cmd", "a && b < c > 'd' \"e\""));

  private String render(String source) {
    return renderer.render(new Template(source, AT), context, "for host kafka-1");
  }

  private ConfigProblem problem(String source) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> render(source));
    assertEquals(1, e.problems().size());
    return e.problems().get(0);
  }

  @Test
  void rendersHostAndPlaybookVariables() {
    assertEquals(
        "ssh 10.0.0.11 install 2.4.1", render("ssh {{ host.address }} install {{ vars.release }}"));
  }

  @Test
  void hostVarWithADotInItsNameIsReadWithBrackets() {
    assertEquals("--broker-id 3", render("--broker-id {{ host.vars['broker.id'] }}"));
  }

  @Test
  void nothingIsHtmlEscapedBecauseTheOutputIsAShellCommand() {
    assertEquals("a && b < c > 'd' \"e\"", render("{{ vars.cmd }}"));
  }

  @Test
  void textWithoutTemplateSyntaxIsLeftAlone() {
    assertEquals("awk '{print $1}'", render("awk '{print $1}'"));
  }

  @Test
  void undefinedRootVariableIsAnErrorWithTheNamesThatExist() {
    assertEquals(
        "p.yml:7:12: undefined variable \"hots\" for host kafka-1 (did you mean \"host\"?);"
            + " defined: host, vars",
        problem("{{ hots.name }}").toString());
  }

  @Test
  void undefinedVarIsNamedAsWrittenWithTheClosestExistingName() {
    assertEquals(
        "p.yml:7:12: undefined variable \"vars.relase\" for host kafka-1 (did you mean"
            + " \"vars.release\"?)",
        problem("ln -s /opt/{{ vars.relase }}").toString());
  }

  @Test
  void varWithNothingCloseSaysHowToDefineIt() {
    assertEquals(
        "p.yml:7:12: undefined variable \"vars.drain_seconds\" for host kafka-1; define it under"
            + " vars: or pass -e drain_seconds=VALUE",
        problem("sleep {{ vars.drain_seconds }}").toString());
  }

  @Test
  void hostWithoutARackSaysSoAndOffersADefault() {
    assertEquals(
        "p.yml:7:12: undefined variable \"host.rack\" for host kafka-1; rack is not set in the"
            + " inventory (set it, or write {{ host.rack | default('none') }})",
        problem("echo {{ host.rack }}").toString());
    assertEquals("none", render("{{ host.rack | default('none') }}"));
  }

  @Test
  void errorOnALaterLineOfAMultiLineTemplatePointsAtThatLine() {
    Template block = new Template("echo one\necho two\nsleep {{ nope }}\n", AT);

    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> renderer.render(block, context, "for host x"));

    assertEquals(new SourcePosition("p.yml", 9, 12), e.problems().get(0).position());
  }

  @Test
  void unclosedDelimiterIsNamedWithWhereItStarts() {
    assertEquals(
        "p.yml:7:12: template syntax error: \"{{\" at character 15 is never closed with \"}}\" (to"
            + " write {{ as text, write {{ \"{{\" }})",
        problem("echo draining {{ host.name ").toString());
  }

  @Test
  void checkFindsSyntaxErrorsWithoutRendering() {
    assertDoesNotThrow(() -> renderer.check(new Template("{{ anything.at.all }}", AT)));
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> renderer.check(new Template("{% if x %} unterminated", AT)));
    assertEquals(
        List.of("p.yml:7:12: template syntax error: the template ends without {% endif %}"),
        e.problems().stream().map(ConfigProblem::toString).toList());
  }

  @Test
  void unknownFilterSuggestsTheFilterMeant() {
    assertEquals(
        "p.yml:7:12: template error for host kafka-1: no filter named \"uppercase\" (did you mean"
            + " \"upper\"?)",
        problem("{{ host.name | uppercase }}").toString());
  }
}

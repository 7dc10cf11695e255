package dev.rollrun.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One message per schema keyword, as an operator reads it, at the offending key or value. */
class JsonSchemaCheckTest {

  private static final JsonSchemaCheck PLAYBOOK = SchemaCatalog.builtIn().playbook();
  private static final JsonSchemaCheck INVENTORY = SchemaCatalog.builtIn().inventory();

  private static List<String> playbook(String... lines) {
    return check(PLAYBOOK, "p.yml", lines);
  }

  private static List<String> inventory(String... lines) {
    return check(INVENTORY, "i.yml", lines);
  }

  private static List<String> check(JsonSchemaCheck schema, String file, String... lines) {
    var doc =
        new YamlDocumentReader("file").parse(Path.of(file), file, String.join("\n", lines) + "\n");
    return schema.check(doc).stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void conformingPlaybookHasNoProblems() {
    assertEquals(List.of(), playbook("name: r", "rollout: { batch: [1, \"25%\"], pause: 5s }"));
  }

  @Test
  void additionalPropertiesIsAnUnknownKeyAtTheKeyWithTheClosestName() {
    assertEquals(
        List.of("p.yml:3:3: unknown key \"bach\" in rollout (did you mean \"batch\"?)"),
        playbook("name: r", "rollout:", "  bach: 2"));
  }

  @Test
  void unknownKeyWithNothingCloseListsTheAllowedKeys() {
    assertEquals(
        List.of("p.yml:2:12: unknown key \"size\" in rollout; allowed: batch, pause"),
        playbook("name: r", "rollout: { size: 2 }"));
  }

  @Test
  void unknownKeyThatBelongsElsewhereNamesWhere() {
    assertEquals(
        List.of("p.yml:2:1: unknown key \"pause\" (did you mean \"rollout.pause\"?)"),
        playbook("name: r", "pause: 10s"));
    assertEquals(
        List.of(
            "p.yml:2:1: unknown key \"serial\" (did you mean \"rollout.batch\"? it is what other"
                + " tools call serial)"),
        playbook("name: r", "serial: 2"));
  }

  @Test
  void requiredIsAMissingKeyWithWhatItIsFor() {
    assertEquals(
        List.of(
            "p.yml:1:1: missing required key \"name\" (what this roll does, shown in the plan and"
                + " the logs)"),
        playbook("cluster: service"));
  }

  @Test
  void typeNamesTheTypeExpectedAndTheValueFound() {
    assertEquals(List.of("p.yml:1:7: name: expected text, found a list"), playbook("name: [a, b]"));
    assertEquals(
        List.of("p.yml:2:24: health.consecutive: expected a whole number, found \"three\""),
        playbook("name: r", "health: { consecutive: three, all: [ { tcp: { port: 80 } } ] }"));
  }

  @Test
  void durationIsExplainedByTheDurationParser() {
    assertEquals(
        List.of("p.yml:2:19: rollout.pause: \"10\" has no unit; write e.g. 10s or 10ms"),
        playbook("name: r", "rollout: { pause: 10 }"));
    assertEquals(
        List.of(
            "p.yml:2:19: rollout.pause: \"5 minutes\" is not a duration; write 5m (units: ms, s,"
                + " m, h, d)"),
        playbook("name: r", "rollout: { pause: 5 minutes }"));
  }

  @Test
  void percentageIsExplainedByThePercentageParser() {
    assertEquals(
        List.of("p.yml:2:19: rollout.batch: \"25\" is not a percentage; write e.g. \"25%\""),
        playbook("name: r", "rollout: { batch: \"25\" }"));
  }

  @Test
  void minimumAndMaximumSayTheBoundAndTheValue() {
    assertEquals(
        List.of("p.yml:2:19: rollout.batch: must be at least 1, found 0"),
        playbook("name: r", "rollout: { batch: 0 }"));
    assertEquals(
        List.of("p.yml:2:33: health.all[0].tcp.port: must be at most 65535, found 70000"),
        playbook("name: r", "health: { all: [ { tcp: { port: 70000 } } ] }"));
  }

  @Test
  void minLengthSaysTheValueMustNotBeEmpty() {
    assertEquals(List.of("p.yml:1:7: name: must not be empty"), playbook("name: \"\""));
  }

  @Test
  void minItemsSaysTheListIsEmpty() {
    assertEquals(
        List.of("p.yml:2:8: hosts: needs at least 1 item, found an empty list"),
        playbook("name: r", "hosts: []"));
    assertEquals(
        List.of("p.yml:2:19: rollout.batch: needs at least 1 item, found an empty list"),
        playbook("name: r", "rollout: { batch: [] }"));
  }

  @Test
  void enumListsTheValuesAndSuggestsTheClosest() {
    assertEquals(
        List.of(
            "p.yml:2:43: health.all[0].command.on: must be one of node, local, found \"nod\" (did"
                + " you mean \"node\"?)"),
        playbook("name: r", "health: { all: [ { command: { run: x, on: nod } } ] }"));
  }

  @Test
  void propertyCountOfAConditionNamesTheKindsFound() {
    assertEquals(
        List.of(
            "p.yml:2:18: health.all[0]: needs exactly one of command: or tcp: or http: or jmx: or all: or any:, found command: and"
                + " tcp:"),
        playbook("name: r", "health: { all: [ { command: { run: x }, tcp: { port: 1 } } ] }"));
    assertEquals(
        List.of(
            "p.yml:2:18: health.all[0]: needs exactly one of command: or tcp: or http: or jmx: or all: or any:, found none"),
        playbook("name: r", "health: { all: [ {} ] }"));
  }

  @Test
  void valueFittingNoAlternativeIsOneLineSayingWhatIsAccepted() {
    assertEquals(
        List.of(
            "p.yml:2:19: rollout.batch: expected hosts per batch: a number, a percentage, or a"
                + " ramp such as [1, 2, \"25%\"] whose last size repeats, found a mapping"),
        playbook("name: r", "rollout: { batch: { size: 2 } }"));
  }

  @Test
  void itemOfARampIsCheckedAsABatchSize() {
    assertEquals(
        List.of("p.yml:2:23: rollout.batch[1]: must be at least 1, found -1"),
        playbook("name: r", "rollout: { batch: [1, -1] }"));
  }

  @Test
  void inventoryHostWithoutSettingsIsAllowed() {
    assertEquals(List.of(), inventory("hosts:", "  web-1:", "  web-2: { address: 10.0.0.2 }"));
  }

  @Test
  void inventoryHostWithABadKeyGetsOnlyThatProblem() {
    assertEquals(
        List.of("i.yml:3:5: unknown key \"adress\" in hosts.web-1 (did you mean \"address\"?)"),
        inventory("hosts:", "  web-1:", "    adress: 10.0.0.1"));
    assertEquals(
        List.of("i.yml:2:18: hosts.web-1.port: expected a whole number, found \"ssh\""),
        inventory("hosts:", "  web-1: { port: ssh }"));
  }

  @Test
  void inventoryHostThatIsNeitherNothingNorAMappingSaysBoth() {
    assertEquals(
        List.of("i.yml:2:10: hosts.web-1: expected nothing or a mapping (key: value), found 5"),
        inventory("hosts:", "  web-1: 5"));
  }
}

package dev.rollrun.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

  private static List<String> check(JsonSchemaCheck schema, String... lines) {
    var doc =
        new YamlDocumentReader("file")
            .parse(Path.of("p.yml"), "p.yml", String.join("\n", lines) + "\n");
    return schema.check(doc).stream().map(ConfigProblem::toString).toList();
  }

  private static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void builtInCatalogueIsReadOncePerProcessAndCompilesEachSchemaOnce() {
    assertSame(SchemaCatalog.builtIn(), SchemaCatalog.builtIn());
    assertSame(SchemaCatalog.builtIn().playbook(), SchemaCatalog.builtIn().playbook());
    assertSame(SchemaCatalog.builtIn().stepList(), SchemaCatalog.builtIn().stepList());
  }

  @Test
  void playbookFragmentAddsAKeyThePlaybookSchemaRefusedBefore() throws IOException {
    String[] playbook = {"name: r", "discover: { bootstrap: \"kafka-1:9092\" }"};
    assertEquals(
        List.of(
            "p.yml:2:1: unknown key \"discover\"; allowed: cluster, description, health, hosts,"
                + " inventory, lock, name, rollout, service, settings, steps, vars"),
        check(SchemaCatalog.builtIn().playbook(), playbook));

    SchemaCatalog extended =
        SchemaCatalog.builtIn()
            .withPlaybookFragment(
                json(
                    """
                    {"properties": {"discover": {"type": "object",
                      "additionalProperties": false,
                      "properties": {"bootstrap": {"type": "string"}}}}}
                    """));
    assertEquals(List.of(), check(extended.playbook(), playbook));
    assertEquals(
        List.of("p.yml:2:13: unknown key \"quorum\" in discover; allowed: bootstrap"),
        check(extended.playbook(), "name: r", "discover: { quorum: x }"));
    assertEquals(
        List.of(
            "p.yml:2:1: unknown key \"discover\"; allowed: cluster, description, health, hosts,"
                + " inventory, lock, name, rollout, service, settings, steps, vars"),
        check(SchemaCatalog.builtIn().playbook(), playbook),
        "the built-in catalogue is unchanged");
  }

  @Test
  void playbookFragmentReachesIncludedStepLists() throws IOException {
    SchemaCatalog extended =
        SchemaCatalog.builtIn()
            .withPlaybookFragment(
                json(
                    "{\"$defs\": {\"step\": {\"properties\": {\"retries\": {\"type\": \"integer\"}}}}}"));
    assertEquals(List.of(), check(extended.stepList(), "- run: x", "  retries: 3"));
    assertTrue(
        check(SchemaCatalog.builtIn().stepList(), "- run: x", "  retries: 3")
            .get(0)
            .contains("unknown key \"retries\""));
  }

  @Test
  void fragmentThatWouldChangeARuleIsRefusedNamingIt() throws IOException {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SchemaCatalog.builtIn()
                    .withPlaybookFragment(
                        json("{\"properties\": {\"name\": {\"type\": \"integer\"}}}")));
    assertEquals(
        "a schema fragment may add to the playbook schema but not change it:"
            + " /properties/name/type",
        e.getMessage());
  }
}

package dev.rollrun.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.schema.SchemaCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * http:, jmx:, cluster conditions and gate groups as a playbook writes them, and their mistakes.
 */
class HealthConditionsReaderTest {

  @TempDir Path dir;

  private final PlaybookReader reader = new PlaybookReader(SchemaCatalog.builtIn());

  private Playbook read(String... lines) throws IOException {
    Path file = dir.resolve("playbook.yml");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return reader.read(file, "playbook.yml");
  }

  private List<String> refusal(String... lines) throws IOException {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(lines));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void clusterGateWithJmxSumAndElasticsearchHttpChecksIsRead() throws IOException {
    Playbook playbook =
        read(
            "name: kafka",
            "health:",
            "  interval: 5s",
            "  consecutive: 12",
            "  timeout: 10m",
            "  settle: 30s",
            "  before-stop: true",
            "  all:",
            "    - jmx: { name: URP, port: 9999, mbean: 'kafka.server:type=ReplicaManager,name=*',"
                + " attribute: Value, across: all-nodes, sum: { equals: 0 } }",
            "    - http:",
            "        url: 'http://{{ host.address }}:9200/_cluster/health'",
            "        token: '{{ vars.token }}'",
            "        json:",
            "          - { path: $.status, equals: green }",
            "          - { path: $.relocating_shards, '<=': 0 }",
            "  any:",
            "    - tcp: { port: 9092 }",
            "    - command: { run: 'true', on: local }");
    GateSpec health = playbook.health();
    assertEquals(Duration.ofSeconds(30), health.settle());
    assertTrue(health.beforeStop());
    assertEquals(3, health.conditions().size());
    ConditionSpec.Cluster urp = (ConditionSpec.Cluster) health.conditions().get(0);
    assertEquals(Aggregate.SUM, urp.aggregate());
    assertEquals(Across.Scope.ALL_NODES, urp.across().scope());
    assertEquals("== 0", urp.comparisons().get(0).describe());
    ConditionSpec.Http es = (ConditionSpec.Http) health.conditions().get(1);
    assertEquals(List.of(200), es.status());
    assertEquals("$.status == green", es.json().get(0).describe());
    assertEquals("$.relocating_shards <= 0", es.json().get(1).describe());
    assertTrue(health.conditions().get(2) instanceof ConditionSpec.AnyOf);
  }

  @Test
  void badJsonPathObjectNameAndComparisonTypesAreRefusedWithTheirPositions() throws IOException {
    List<String> problems =
        refusal(
            "name: bad",
            "health:",
            "  all:",
            "    - http: { url: 'http://x/', json: [ { path: '$.[status', equals: green } ] }",
            "    - jmx: { port: 9999, mbean: 'no colon here', attribute: Value }",
            "    - jmx: { port: 9999, mbean: 'a:b=c', attribute: Value, '<': lots }",
            "    - jmx: { port: 9999, mbean: 'a:b=c', attribute: Value, matches: 'v(1' }");
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("playbook.yml:4:49: "), problems.get(0));
    assertTrue(
        problems.get(0).contains("\"$.[status\" is not a JSONPath expression"), problems.get(0));
    assertTrue(problems.get(1).startsWith("playbook.yml:5:33: "), problems.get(1));
    assertTrue(problems.get(1).contains("\"no colon here\" is not an ObjectName"), problems.get(1));
    assertTrue(problems.get(2).startsWith("playbook.yml:6:65: "), problems.get(2));
    assertTrue(problems.get(2).contains("< compares numbers, found \"lots\""), problems.get(2));
    assertTrue(problems.get(3).contains("not a valid regular expression"), problems.get(3));
  }

  @Test
  void aJsonCheckComparesWithAnotherValueOfTheSameAnswer() throws IOException {
    Playbook playbook =
        read(
            "name: zookeeper",
            "health:",
            "  all:",
            "    - http:",
            "        url: 'http://{{ host.address }}:8080/commands/mntr'",
            "        json:",
            "          - { path: '$.sum($.synced_followers, 1)', equals: { path: $.quorum_size } }",
            "          - { path: $.learners, '>=': { path: $.synced_followers } }");
    ConditionSpec.Http mntr = (ConditionSpec.Http) playbook.health().conditions().get(0);
    assertEquals("$.sum($.synced_followers, 1) == $.quorum_size", mntr.json().get(0).describe());
    assertEquals(
        new AnswerPath("$.quorum_size"), mntr.json().get(0).comparisons().get(0).operand());
    assertEquals("$.learners >= $.synced_followers", mntr.json().get(1).describe());
  }

  @Test
  void anAnswerPathIsRefusedWhereThereIsNoAnswerToReadItFrom() throws IOException {
    List<String> problems =
        refusal(
            "name: bad",
            "health:",
            "  all:",
            "    - jmx: { port: 1, mbean: 'a:b=c', attribute: S, equals: { path: $.x } }",
            "    - http: { url: 'http://x/', json: [ { path: $.a, matches: { path: $.b } } ] }",
            "    - http: { url: 'http://x/', value: $.a, across: all-nodes,"
                + " sum: { equals: { path: $.b } } }");
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("playbook.yml:4:61: "), problems.get(0));
    assertTrue(problems.get(1).startsWith("playbook.yml:5:63: "), problems.get(1));
    assertTrue(problems.get(2).startsWith("playbook.yml:6:"), problems.get(2));
  }

  @Test
  void anAnswerPathThatIsNoJsonPathIsRefusedAtItsPosition() throws IOException {
    List<String> problems =
        refusal(
            "name: bad",
            "health:",
            "  all:",
            "    - http: { url: 'http://x/', json: [ { path: $.a, '<': { path: '$.[b' } } ] }",
            "    - http: { url: 'http://x/', json: [ { path: $.a, '>': { path: $.b, x: 1 } } ] }");
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("playbook.yml:4:"), problems.get(0));
    assertTrue(problems.get(0).contains("\"$.[b\" is not a JSONPath expression"), problems.get(0));
    assertTrue(problems.get(1).contains("write {path: JSONPATH} alone"), problems.get(1));
  }

  @Test
  void anAggregateOverNoValueOrComparedWithTextIsRefused() throws IOException {
    List<String> problems =
        refusal(
            "name: bad",
            "health:",
            "  all:",
            "    - tcp: { port: 80, across: all-nodes, sum: { equals: 0 } }",
            "    - http: { url: 'http://x/', across: all-nodes, max: { '<': 3 } }",
            "    - jmx: { port: 1, mbean: 'a:b=c', attribute: S, across: all-nodes, sum: { equals: green } }",
            "    - jmx: { port: 1, mbean: 'a:b=c', attribute: S, sum: { equals: 0 } }");
    String all = String.join("\n", problems);
    assertTrue(
        all.contains("playbook.yml:4:") && all.contains("a tcp condition has no value"), all);
    assertTrue(all.contains("this http condition has no value"), all);
    assertTrue(all.contains("the sum is a number, so equals: green can never hold"), all);
    assertTrue(
        all.contains("sum: combines the values of several nodes; say which with across:"), all);
  }

  @Test
  void aTimeoutShorterThanTheChecksInARowTakeIsRefused() throws IOException {
    List<String> problems =
        refusal(
            "name: bad",
            "health:",
            "  interval: 10s",
            "  consecutive: 12",
            "  timeout: 1m",
            "  all: [ { tcp: { port: 80 } } ]");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "playbook.yml:5:12: health.timeout: 1m is shorter than 11 intervals of 10s, the"
                    + " least time 12 healthy checks in a row take, so the gate could never pass;"
                    + " make it at least 1m50s"),
        problems.get(0));
  }

  @Test
  void beforeStopBelongsToTheHealthGateOnly() throws IOException {
    List<String> problems =
        refusal(
            "name: bad",
            "steps:",
            "  pre-stop:",
            "    - gate: { before-stop: true, all: [ { tcp: { port: 80 } } ] }");
    assertTrue(problems.get(0).contains("before-stop: belongs to health:"), problems.toString());
  }
}

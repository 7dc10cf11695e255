package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --events}: the demo roll's event stream, line by line, against its published schema. */
class EventStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static JsonSchema schema() throws IOException {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(JSON.readTree(Path.of("schemas/events.schema.json").toFile()));
  }

  private static List<JsonNode> parse(List<String> lines) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  private static void assertValidStream(List<JsonNode> events) throws IOException {
    JsonSchema schema = schema();
    String run = events.get(0).get("run").asText();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      assertEquals(Set.of(), schema.validate(event), event.toString());
      assertEquals(i + 1, event.get("seq").asInt(), "numbered in order: " + event);
      assertEquals(run, event.get("run").asText(), "one run: " + event);
    }
    assertEquals("run-started", events.get(0).get("type").asText());
    String last = events.get(events.size() - 1).get("type").asText();
    assertEquals(
        events.get(0).get("commit").asBoolean() ? "run-finished" : "dry-run-finished", last);
  }

  @Test
  void theDemoRollWritesEveryEventAsALineTheSchemaAccepts() throws IOException {
    Path file = dir.resolve("events.jsonl");
    CommandLineRun run =
        CommandLineRun.of("playbooks/demo.yml", "--commit", "--yes", "--events", file.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<JsonNode> events = parse(Files.readAllLines(file));
    assertValidStream(events);
    JsonNode finished = events.get(events.size() - 1);
    assertEquals("done", finished.get("outcome").asText());
    List<String> order = new ArrayList<>();
    finished
        .get("nodes")
        .forEach(n -> order.add(n.get("host").asText() + "=" + n.get("state").asText()));
    assertEquals(
        List.of("demo-1=done", "demo-2=done", "demo-3=done", "demo-4=done", "demo-5=done"), order);
    long stops =
        events.stream()
            .filter(e -> e.get("type").asText().equals("step-finished"))
            .filter(e -> e.get("step").asText().equals("stop"))
            .count();
    assertEquals(5, stops, "each node stopped once");
    assertTrue(
        events.stream()
            .filter(e -> e.get("type").asText().equals("gate-passed"))
            .allMatch(e -> e.get("hosts").size() == 5),
        "every gate names the whole fleet");
    assertTrue(run.out().contains("roll done"), "the human output is still there: " + run.out());
  }

  @Test
  void eventsOnStandardOutputLeaveItToJsonAlone() throws IOException {
    CommandLineRun run = CommandLineRun.of("playbooks/demo.yml", "--events", "-");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<JsonNode> events = parse(run.out().lines().toList());
    assertValidStream(events);
    assertEquals(false, events.get(0).get("commit").asBoolean(), "a dry run");
    assertTrue(run.err().contains("dry run: every host answered"), run.err());
    assertEquals(true, events.get(events.size() - 1).get("ready").asBoolean());
  }
}

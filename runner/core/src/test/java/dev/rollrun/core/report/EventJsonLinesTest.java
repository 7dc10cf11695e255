package dev.rollrun.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Outcome;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventJsonLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonSchema schema() throws Exception {
    try (InputStream in =
        EventJsonLinesTest.class.getResourceAsStream("/schemas/events.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(JSON.readTree(in));
    }
  }

  @Test
  void everyKindOfEventIsWrittenAsALineTheSchemaAccepts() throws Exception {
    JsonSchema schema = schema();
    Set<String> types = new HashSet<>();
    long seq = 1;
    for (RunEvent event : SampleEvents.everyKind()) {
      String line =
          EventJsonLines.line(
              new EventEnvelope("r1", seq++, Instant.parse("2026-11-30T08:00:00Z"), event));
      assertTrue(!line.contains("\n"), line);
      JsonNode node = JSON.readTree(line);
      Set<ValidationMessage> problems = schema.validate(node);
      assertEquals(Set.of(), problems, event.getClass().getSimpleName() + ": " + line);
      types.add(node.get("type").asText());
    }
    assertEquals(
        RunEvent.class.getPermittedSubclasses().length, types.size(), "one type name per kind");
    List<String> declared = new java.util.ArrayList<>();
    schema.getSchemaNode().at("/properties/type/enum").forEach(t -> declared.add(t.asText()));
    assertEquals(types, new HashSet<>(declared), "the schema lists exactly the types written");
  }

  @Test
  void observedValuesOfAGateAreWrittenAsTheSchemaDescribesThem() throws Exception {
    var urp =
        new dev.rollrun.core.event.Observation(
            "URP",
            null,
            false,
            "sum",
            null,
            "kafka-2 has no value (no MBean (yet)), never counted as 0",
            List.of(
                new dev.rollrun.core.event.Observation.NodeValue("kafka-1", "0", null),
                new dev.rollrun.core.event.Observation.NodeValue(
                    "kafka-2", null, "no MBean (yet)")),
            List.of());
    var health =
        new dev.rollrun.core.event.Observation(
            "health",
            "kafka-1",
            false,
            null,
            "",
            "health exited 1 (want 0)",
            List.of(),
            List.of("2 of 3 in sync"));
    JsonSchema schema = schema();
    for (RunEvent event :
        List.<RunEvent>of(
            new RunEvent.GateProgress(
                "g",
                List.of("kafka-1"),
                0,
                3,
                Duration.ZERO,
                Duration.ofMinutes(1),
                "p",
                List.of(urp, health)),
            new RunEvent.GateFailed(
                "g", List.of("kafka-1"), Duration.ofMinutes(1), "p", List.of(urp, health)),
            new RunEvent.GatePassed("g", List.of("kafka-1"), Duration.ZERO, List.of(urp)))) {
      String line =
          EventJsonLines.line(
              new EventEnvelope("r1", 1, Instant.parse("2026-11-30T08:00:00Z"), event));
      assertEquals(Set.of(), schema.validate(JSON.readTree(line)), line);
      assertTrue(
          line.contains(
              "{\"condition\":\"URP\",\"host\":null,\"holds\":false,\"aggregate\":\"sum\","
                  + "\"value\":null,"),
          line);
      assertTrue(
          line.contains(
              "\"nodes\":[{\"host\":\"kafka-1\",\"value\":\"0\"},"
                  + "{\"host\":\"kafka-2\",\"missing\":\"no MBean (yet)\"}]"),
          line);
    }
  }

  @Test
  void theSchemaRejectsALineOfAnUnknownShape() throws Exception {
    JsonNode bad =
        JSON.readTree(
            "{\"format\":1,\"run\":\"r\",\"seq\":1,\"time\":\"2026-11-30T08:00:00Z\",\"type\":\"step-finished\",\"host\":\"a\"}");
    assertTrue(!schema().validate(bad).isEmpty());
  }

  @Test
  void linesAreFlushedAsTheyAreWritten() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventJsonLines lines = new EventJsonLines(out, false);
    lines.on(
        new EventEnvelope(
            "r1",
            1,
            Instant.parse("2026-11-30T08:00:00Z"),
            new RunEvent.RunFinished(
                Outcome.DONE,
                List.of(
                    new RunEvent.NodeSummary("h2", NodeState.DONE, Duration.ofSeconds(2)),
                    new RunEvent.NodeSummary("h10", NodeState.DONE, Duration.ofSeconds(3))),
                Duration.ofSeconds(5),
                null)));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"), text);
    assertTrue(text.indexOf("\"h2\"") < text.indexOf("\"h10\""), "nodes in roll order: " + text);
    assertTrue(text.contains("\"outcome\":\"done\""), text);
  }
}

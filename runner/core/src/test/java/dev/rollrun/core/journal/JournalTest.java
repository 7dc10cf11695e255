package dev.rollrun.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  private static JournalHeader header() {
    return new JournalHeader(
        JournalWriter.FORMAT,
        "r1",
        T0,
        "0123456789ab",
        "pbdigest",
        "invdigest",
        new JournalHeader.RunInputs(
            "/ops/roll.yml", "/ops/hosts.ini", List.of("web"), List.of("x=1", "@/ops/s.yml"), 2),
        "service-abc",
        "alice",
        "ops-1",
        4711);
  }

  private static EventEnvelope event(long seq, RunEvent event) {
    return new EventEnvelope("r1", seq, T0.plusSeconds(seq), event);
  }

  @Test
  void whatIsWrittenReadsBackWithItsHeaderAndLeavesOutOutput() {
    Path file = dir.resolve("journal.jsonl");
    try (JournalWriter journal = JournalWriter.create(file, header())) {
      journal.on(
          event(1, new RunEvent.StepStarted("web-1", "stop", dev.rollrun.api.Phase.STOP, "run")));
      journal.on(event(2, new RunEvent.OutputLine("web-1", "stop", false, "stopping")));
      journal.on(event(3, new RunEvent.StepFinished("web-1", "stop", Duration.ofMillis(20))));
    }
    Journal read = Journal.read(file);
    assertEquals(header(), read.header());
    assertEquals(2, read.records().size(), "output lines are not journaled");
    assertEquals("step-finished", read.records().get(1).path("type").asText());
    assertEquals(3, read.lastSequence());
    assertEquals(0, read.tornLines());
  }

  @Test
  void aLastLineCutShortByACrashIsSkipped() throws IOException {
    Path file = dir.resolve("journal.jsonl");
    try (JournalWriter journal = JournalWriter.create(file, header())) {
      journal.on(
          event(
              1,
              new RunEvent.NodeStateChanged(
                  "web-1", NodeState.PENDING, NodeState.STOPPING, "stop")));
    }
    Files.writeString(
        file, "{\"format\":1,\"run\":\"r1\",\"seq\":2,\"ty", StandardOpenOption.APPEND);
    Journal read = Journal.read(file);
    assertEquals(1, read.records().size());
    assertEquals(1, read.tornLines());
  }

  @Test
  void aContinuedRunClosesTheTornLineAndAppendsAfterIt() throws IOException {
    Path file = dir.resolve("journal.jsonl");
    JournalWriter.create(file, header()).close();
    Files.writeString(
        file, "{\"format\":1,\"seq\":1,\"type\":\"step-sta", StandardOpenOption.APPEND);
    try (JournalWriter journal =
        JournalWriter.resume(file, T0.plusSeconds(60), "bob", "ops-2", 99, "0123456789ab", false)) {
      journal.on(event(2, new RunEvent.StepFinished("web-1", "stop", Duration.ZERO)));
    }
    Journal read = Journal.read(file);
    assertEquals(1, read.tornLines());
    assertEquals(
        List.of("run-resumed", "step-finished"),
        read.records().stream().map(r -> r.path("type").asText()).toList());
  }

  @Test
  void aDamagedLineInTheMiddleIsNamedByLine() throws IOException {
    Path file = dir.resolve("journal.jsonl");
    JournalWriter.create(file, header()).close();
    Files.writeString(
        file,
        "garbage\n{\"format\":1,\"seq\":2,\"type\":\"pausing\",\"durationMs\":5}\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    JournalException e = assertThrows(JournalException.class, () -> Journal.read(file));
    assertTrue(e.getMessage().endsWith("journal.jsonl:2: not a journal record"), e.getMessage());
  }

  @Test
  void aFileThatIsNoJournalSaysSo() throws IOException {
    Path file = dir.resolve("journal.jsonl");
    Files.writeString(file, "name: a playbook\n");
    JournalException e = assertThrows(JournalException.class, () -> Journal.read(file));
    assertTrue(e.getMessage().contains(":1: not a rollrun journal"), e.getMessage());
  }

  @Test
  void theLastOutcomeIsForgottenWhenTheRunIsContinued() throws IOException {
    Path file = dir.resolve("journal.jsonl");
    try (JournalWriter journal = JournalWriter.create(file, header())) {
      journal.on(
          event(
              1,
              new RunEvent.RunFinished(
                  dev.rollrun.core.event.Outcome.FAILED, List.of(), Duration.ZERO, "boom")));
    }
    assertEquals("failed", Journal.read(file).lastOutcome());
    JournalWriter.resume(file, T0, "bob", "ops-2", 99, "0123456789ab", false).close();
    assertEquals(
        null, Journal.read(file).lastOutcome(), "a continued run that died says nothing yet");
  }
}

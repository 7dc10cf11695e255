package dev.rollrun.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's journal as read back: its header and the records after it, in order. A line cut short by
 * a crash (the last one, or one that a continued run closed before writing on) is skipped; any
 * other line that is not a journal record is an error naming file:line.
 *
 * @param records every line after the header: events, as {@code --events} writes them, and {@code
 *     run-resumed} lines
 * @param tornLines how many cut-short lines were skipped
 */
public record Journal(Path file, JournalHeader header, List<JsonNode> records, int tornLines) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Journal {
    records = List.copyOf(records);
  }

  public static Journal read(Path file) {
    List<String> lines;
    try {
      lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
    } catch (IOException e) {
      throw new JournalException(file, "cannot read the journal: " + e.getMessage(), e);
    }
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new JournalException(file, 1, "an empty journal: the run ended before it began");
    }
    JsonNode first = parse(lines.get(0));
    if (first == null || !"journal-started".equals(first.path("type").asText())) {
      throw new JournalException(file, 1, "not a rollrun journal (no journal-started line)");
    }
    if (first.path("format").asInt() != JournalWriter.FORMAT) {
      throw new JournalException(
          file,
          1,
          "journal format "
              + first.path("format").asText()
              + "; this rollrun reads format "
              + JournalWriter.FORMAT);
    }
    List<JsonNode> records = new ArrayList<>();
    int torn = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      JsonNode record = parse(line);
      if (record == null || !record.has("type")) {
        String next = typeOf(lines, i + 1);
        if (isLastRecord(lines, i)
            || JournalWriter.RESUMED.equals(next)
            || JournalWriter.RECOVERY_STARTED.equals(next)) {
          torn++;
          continue;
        }
        throw new JournalException(file, i + 1, "not a journal record");
      }
      records.add(record);
    }
    return new Journal(file, header(file, first), records, torn);
  }

  private static boolean isLastRecord(List<String> lines, int index) {
    for (int i = index + 1; i < lines.size(); i++) {
      if (!lines.get(i).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static String typeOf(List<String> lines, int index) {
    if (index >= lines.size()) {
      return null;
    }
    JsonNode node = parse(lines.get(index));
    return node == null ? null : node.path("type").asText(null);
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static JournalHeader header(Path file, JsonNode h) {
    try {
      JsonNode inputs = h.path("inputs");
      List<String> limit = new ArrayList<>();
      inputs.path("limit").forEach(n -> limit.add(n.asText()));
      List<String> extraVars = new ArrayList<>();
      inputs.path("extraVars").forEach(n -> extraVars.add(n.asText()));
      return new JournalHeader(
          h.path("format").asInt(),
          h.path("run").asText(),
          Instant.parse(h.path("time").asText()),
          h.path("planDigest").asText(),
          h.path("playbookDigest").asText(),
          h.path("inventoryDigest").asText(),
          new JournalHeader.RunInputs(
              inputs.path("playbook").asText(),
              inputs.path("inventory").isNull() ? null : inputs.path("inventory").asText(null),
              limit,
              extraVars,
              inputs.path("skip").asInt()),
          h.path("lock").asText(),
          h.path("user").asText(),
          h.path("machine").asText(),
          h.path("pid").asLong());
    } catch (RuntimeException e) {
      throw new JournalException(file, 1, "a damaged journal header: " + e.getMessage());
    }
  }

  /** The sequence number of the last event recorded, 0 if none. */
  public long lastSequence() {
    long last = 0;
    for (JsonNode record : records) {
      last = Math.max(last, record.path("seq").asLong(0));
    }
    return last;
  }

  /** The outcome of the last {@code run-finished} record after the last resume, or null. */
  public String lastOutcome() {
    String outcome = null;
    for (JsonNode record : records) {
      String type = record.path("type").asText();
      if (type.equals("run-resumed")) {
        outcome = null;
      } else if (type.equals("run-finished")) {
        outcome = record.path("outcome").asText();
      }
    }
    return outcome;
  }
}

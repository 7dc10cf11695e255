package dev.rollrun.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A recorded run in one line: what {@code rollrun runs} lists, and what a dry run or a new roll of
 * the same playbook is told about a run that did not finish.
 *
 * @param nodesDone how many of its nodes are done
 * @param nodes how many nodes it rolls
 */
public record RunSummary(
    String runId,
    RunStatus status,
    Instant started,
    String user,
    String machine,
    String playbook,
    int nodesDone,
    int nodes) {

  /**
   * @param running whether a live process of this run holds its cluster's lock
   */
  public static RunSummary of(Journal journal, boolean running) {
    Set<String> done = new LinkedHashSet<>();
    int nodes = 0;
    for (JsonNode record : journal.records()) {
      String type = record.path("type").asText();
      if (type.equals("run-started")) {
        nodes = Math.max(nodes, record.path("nodes").size());
      } else if (type.equals("node-state-changed")) {
        String host = record.path("host").asText();
        if (record.path("to").asText().equals("done")) {
          done.add(host);
        } else {
          done.remove(host);
        }
      }
    }
    JournalHeader header = journal.header();
    return new RunSummary(
        header.runId(),
        RunStatus.of(journal.lastOutcome(), running),
        header.started(),
        header.user(),
        header.machine(),
        header.inputs().playbook(),
        done.size(),
        nodes);
  }

  /** {@code 3 of 10 nodes done}. */
  public String progress() {
    return nodesDone + " of " + nodes + " node(s) done";
  }
}

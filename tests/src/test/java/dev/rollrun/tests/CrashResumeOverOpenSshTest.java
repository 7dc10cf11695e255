package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash test: a 10-host roll (batches of 2) against real OpenSSH hosts, its {@code rollrun}
 * process killed with SIGKILL at seeded random moments — mid-stop, between stop and start,
 * mid-gate, between batches — and continued with {@code rollrun resume} until it is done. The
 * hosts' own service logs are the evidence: every service stopped at most once and started again,
 * never two batches down at once, every node done.
 */
@Tag("slow")
class CrashResumeOverOpenSshTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROLLS = Integer.getInteger("rollrun.crash.rolls", 8);
  private static final int KILLS_PER_ROLL = Integer.getInteger("rollrun.crash.kills", 5);

  @RegisterExtension final SshdFleet fleet = SshdFleet.builder().hosts(10).build();

  private Path playbook() throws IOException {
    fleet.startAllServices();
    Path file = fleet.dir().resolve("crash.yml");
    Files.writeString(
        file,
        """
        name: crash test roll
        cluster: service
        inventory: %s
        service:
          name: demo
          stop: "sleep 0.2; ~/svc stop"
          start: "~/svc start; sleep 0.2"
          instance: "~/svc status"
        rollout:
          batch: 2
        health:
          interval: 200ms
          consecutive: 1
          timeout: 30s
          all:
            - tcp: { port: "{{ host.vars['service.port'] }}" }
            - command: { run: "~/svc status" }
        steps:
          post-stop:
            - run: "sleep 0.2"
        """
            .formatted(fleet.inventory()));
    return file;
  }

  private Process start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(DIST.toString()));
    command.addAll(args);
    command.addAll(
        List.of(
            "--yes",
            "--known-hosts",
            fleet.knownHosts().toString(),
            "--state-dir",
            fleet.dir().resolve("state").toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(fleet.dir().resolve("rollrun-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  /**
   * The journal's last record, as a kill point: {@code step-started h3 stop}, {@code
   * node-state-changed h3 awaiting health}.
   */
  private String lastRecord(String runId) throws IOException {
    Path journal = fleet.dir().resolve("state/runs/" + runId + "/journal.jsonl");
    if (!Files.exists(journal)) {
      return "before the journal";
    }
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      try {
        JsonNode record = JSON.readTree(lines.get(i));
        String type = record.path("type").asText();
        if (!isTransition(type)) {
          continue; // command output and gate progress: kept, but no state of the run
        }
        String host = record.path("host").asText("");
        String what =
            record.has("step") ? record.path("step").asText() : record.path("to").asText("");
        return (type + " " + host + " " + what).strip();
      } catch (IOException torn) {
        // a line cut short by the kill: look at the one before
      }
    }
    return "header only";
  }

  private int journalLines(String runId) throws IOException {
    if (runId == null) {
      return 0;
    }
    Path journal = fleet.dir().resolve("state/runs/" + runId + "/journal.jsonl");
    if (!Files.exists(journal)) {
      return 0;
    }
    // Kill points are spread over the run's state transitions, not over its output lines.
    return (int)
        Files.readAllLines(journal, StandardCharsets.UTF_8).stream()
            .filter(
                line ->
                    !line.contains("\"type\":\"output-line\"")
                        && !line.contains("\"type\":\"gate-progress\""))
            .count();
  }

  private static boolean isTransition(String type) {
    return !type.equals("output-line") && !type.equals("gate-progress");
  }

  /** The runs journaled so far. */
  private Set<String> runs() throws IOException {
    Path runs = fleet.dir().resolve("state/runs");
    if (!Files.isDirectory(runs)) {
      return Set.of();
    }
    try (var dirs = Files.list(runs)) {
      return dirs.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }
  }

  /** The run a roll started after {@code earlier} were journaled, or null if none yet. */
  private String newRun(Set<String> earlier) throws IOException {
    return runs().stream().filter(r -> !earlier.contains(r)).findFirst().orElse(null);
  }

  @Test
  void aRollKilledAtRandomPointsIsFinishedByResumeWithEveryServiceRestartedAtMostOnce()
      throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    Path playbook = playbook();
    Random random = new Random(20261130L);
    Set<String> points = new TreeSet<>();
    int kills = 0;
    int notRestarted = 0;
    for (int roll = 0; roll < ROLLS; roll++) {
      int before = fleet.events().size();
      Set<String> earlier = runs();
      Process run = start(List.of(playbook.toString(), "--commit"));
      String runId = null;
      int killsThisRoll = 0;
      while (true) {
        // Kill right after a randomly chosen further journal line: points spread over the roll.
        int target = journalLines(runId) + 1 + random.nextInt(40);
        boolean finished = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!finished && System.nanoTime() < deadline) {
          if (runId == null) {
            runId = newRun(earlier);
          }
          // At the target, or the first transition after it that no earlier kill has hit: every
          // kill adds a point of the roll not tried yet, as far as the runner's pace allows.
          if (journalLines(runId) >= target
              && (runId == null || !points.contains(lastRecord(runId)))) {
            break;
          }
          finished = run.waitFor(10, TimeUnit.MILLISECONDS);
        }
        if (finished) {
          assertEquals(0, run.exitValue(), "roll " + roll + " ended without a kill and failed");
          break;
        }
        if (killsThisRoll == KILLS_PER_ROLL) {
          assertTrue(run.waitFor(120, TimeUnit.SECONDS), "roll " + roll + " never ended");
          assertEquals(0, run.exitValue(), "roll " + roll);
          break;
        }
        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        kills++;
        killsThisRoll++;
        if (runId == null) {
          runId = newRun(earlier);
        }
        if (runId == null) {
          points.add("before the journal");
          run = start(List.of(playbook.toString(), "--commit"));
          continue;
        }
        points.add(lastRecord(runId));
        run = start(List.of("resume", runId));
      }
      // The services' own logs for this roll: the evidence.
      List<ServiceEvent> events = fleet.events().subList(before, fleet.events().size());
      Map<String, Integer> stops = new HashMap<>();
      int down = 0;
      int mostDown = 0;
      for (ServiceEvent e : events) {
        if (e.action().equals(ServiceEvent.STOP)) {
          stops.merge(e.host(), 1, Integer::sum);
          down++;
        } else if (e.action().equals(ServiceEvent.START)) {
          down = Math.max(0, down - 1);
        }
        mostDown = Math.max(mostDown, down);
      }
      assertTrue(mostDown <= 2, "more than the batch down at once in roll " + roll + ": " + events);
      for (int i = 1; i <= fleet.size(); i++) {
        String host = fleet.name(i);
        int n = stops.getOrDefault(host, 0);
        assertTrue(n <= 1, host + " stopped " + n + " times in roll " + roll + ": " + events);
        assertTrue(fleet.serviceRunning(i), host + " left down after roll " + roll);
        if (n == 0) {
          notRestarted++;
        }
      }
    }
    // The figures of the run, for the record (bench/README.md quotes them), not for the console.
    Files.writeString(
        Path.of("tests/target/crash-test-figures.txt"),
        "crash test: "
            + ROLLS
            + " rolls of "
            + fleet.size()
            + " hosts, "
            + kills
            + " kills at "
            + points.size()
            + " distinct points "
            + points
            + "; nodes stopped twice: 0; nodes left down: 0; nodes not restarted: "
            + notRestarted
            + "\n");
    assertEquals(
        0,
        notRestarted,
        "every node restarted exactly once in every roll: a stop cut off before it reached its"
            + " node is made again, once");
    assertTrue(points.size() >= 30, "distinct kill points: " + points);
    assertTrue(
        points.stream().anyMatch(p -> p.startsWith("step-started") && p.endsWith(" stop")),
        "mid-stop: " + points);
    assertTrue(
        points.stream().anyMatch(p -> p.endsWith(" post-stop[0]") || p.endsWith(" stopped")),
        "between stop and start: " + points);
    assertTrue(
        points.stream()
            .anyMatch(
                p ->
                    p.endsWith("awaiting health")
                        || p.startsWith("step-finished") && p.endsWith(" start")),
        "mid-gate: " + points);
  }
}

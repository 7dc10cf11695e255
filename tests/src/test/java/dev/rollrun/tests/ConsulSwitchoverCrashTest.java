package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.tests.fleet.ConsulTestBed;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switchover whose {@code rollrun} process is killed (SIGKILL) half-way: h1 has already stopped
 * acting as the active, h2 has not answered yet, the flags are set and the lock held by a session
 * that nobody renews. Nobody acts as the active at that moment. {@code rollrun recover RUN-ID} runs
 * the after side of h1's switchover wrapper with the plan its {@code save()} journaled: the roles
 * were not switched, so it undoes the switchover (h1 the active again, the flags cleared, the lock
 * let go) and starts nothing else, with h2 still deaf. {@code rollrun resume RUN-ID} then continues
 * the journaled run at the node's switchover wrapper and switches over, to the end.
 */
@Tag("slow")
class ConsulSwitchoverCrashTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Order(1)
  @RegisterExtension
  static final SshdFleet fleet = SshdFleet.builder().hosts(2).build();

  @Order(2)
  @RegisterExtension
  static final ConsulTestBed bed = ConsulTestBed.on(fleet, 1, 2);

  @TempDir static Path dir;

  @Test
  void aSwitchoverKilledHalfWayIsPutRightByRecoverThenFinishedByResume() throws Exception {
    Path state = dir.resolve("state-recover");
    String runId = killHalfWay(state);

    // rollrun recover: the after side of h1's switchover wrapper, given the plan its save()
    // journaled, finds the roles not switched and undoes the switchover: h1 comes back as the
    // active, the flags go back to NULL, the dead runner's lock is taken over and let go. It needs
    // nothing of h2, which still ignores its flags.
    int before = bed.pair().events().size();
    long started = System.nanoTime();
    String recovered = rollrun("recover", runId, state, 0);
    System.out.printf(
        "consul switchover recovered after a kill: %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    assertInOrder(
        recovered,
        "left 1 setting(s) to put back",
        "h1 stopped acting as the active",
        "Starting promotion for node h1...SUCCESS",
        "Promoting primary node h1...SUCCESS",
        "Clearing promotion trigger for node h1...SUCCESS",
        "Clearing demotion trigger for node h1...SUCCESS",
        "Clearing promotion trigger for node h2...SUCCESS",
        "undone: active h1, standby h2; h1 stays the active",
        "put back   h1",
        "every setting run " + runId + " left is put back",
        "left part way by the run: h1",
        "recover starts nothing: continue the roll with rollrun resume " + runId);
    assertEquals(
        List.of("h1"), bed.pair().actingActive(), "exactly one active, the one Consul lists");
    assertEquals(
        List.of("h1 active"),
        roles(bed.pair().events().subList(before, bed.pair().events().size())),
        "recover promoted h1 again and switched nothing:\n" + recovered);
    assertEquals(
        JSON.readTree("{\"active_nodes\":[\"h1\"],\"standby_nodes\":[\"h2\"]}"),
        JSON.readTree(bed.consul().value(bed.pair().clusterKey())),
        "the roles were not switched");
    assertFlagsNull();
    assertNull(bed.consul().holder("service/demo/.lock"), "recover let the dead runner's lock go");
    assertEquals(List.of(), bed.consul().sessions(), "no session left behind");
    bed.pair().awaitAllPassing(Duration.ofSeconds(20));
    assertTrue(
        rollrun("recover", runId, state, 0).contains("left nothing set"),
        "a second recover finds nothing to put back");

    // rollrun resume: the journal's node is continued at its switchover wrapper, which finds
    // nothing left half-way and switches over; h2 answers this time.
    bed.pair().neverAcknowledge(2, false);
    before = bed.pair().events().size();
    started = System.nanoTime();
    String output = rollrun("resume", runId, state, 0);
    System.out.printf(
        "consul switchover resumed after recover: %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    assertFalse(output.contains("left half-way"), "recover left nothing to put right:\n" + output);
    assertInOrder(
        output,
        "switchover of demo: h2 becomes the active, h1 a standby",
        "Starting promotion for node h2...SUCCESS",
        "Starting demotion for node h1...SUCCESS",
        "Switching cluster primary/secondary node roles...SUCCESS",
        "switchover complete: active h2 (passing), standby h1 (passing)");
    assertEquals(
        List.of("h1 standby", "h2 active"),
        roles(bed.pair().events().subList(before, bed.pair().events().size())),
        "h1 stopped acting as the active before h2 began: never two");
    assertEquals(List.of("h2"), bed.pair().actingActive());
    assertEquals(
        "{\"active_nodes\":[\"h2\"],\"standby_nodes\":[\"h1\"]}",
        bed.consul().value(bed.pair().clusterKey()));
    assertFlagsNull();
    assertNull(bed.consul().holder("service/demo/.lock"));
    assertEquals(List.of(), bed.consul().sessions());
    bed.pair().awaitAllPassing(Duration.ofSeconds(20));
  }

  @Test
  void aSwitchoverKilledHalfWayIsPutRightThenFinishedByResumeAlone() throws Exception {
    Path state = dir.resolve("state-resume");
    String runId = killHalfWay(state);

    // rollrun resume without a recover first: the journal's node is continued at its switchover
    // wrapper, which finds the switchover left half-way (the lock's value, the flags), undoes it
    // (h1 comes back as the active first), then begins it again; h2 answers this time.
    bed.pair().neverAcknowledge(2, false);
    int before = bed.pair().events().size();
    long started = System.nanoTime();
    String output = rollrun("resume", runId, state, 0);
    System.out.printf(
        "consul switchover resumed after a kill: %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    assertInOrder(
        output,
        "this switchover was left half-way (its rollrun stopped): putting it right first",
        "h1 stopped acting as the active",
        "undone: active h1, standby h2; h1 stays the active",
        "starting the switchover again",
        "Switching cluster primary/secondary node roles...SUCCESS",
        "switchover complete: active h2 (passing), standby h1 (passing)");
    assertEquals(
        List.of("h1 active", "h1 standby", "h2 active"),
        roles(bed.pair().events().subList(before, bed.pair().events().size())),
        "h1 acted as the active again before the switchover began anew: never two");
    assertEquals(List.of("h2"), bed.pair().actingActive());
    assertEquals(
        "{\"active_nodes\":[\"h2\"],\"standby_nodes\":[\"h1\"]}",
        bed.consul().value(bed.pair().clusterKey()));
    assertFlagsNull();
    assertNull(bed.consul().holder("service/demo/.lock"));
    assertEquals(List.of(), bed.consul().sessions());
    bed.pair().awaitAllPassing(Duration.ofSeconds(20));
  }

  /**
   * Makes h1 the active and h2 a standby that never answers, starts a switchover from h1 and kills
   * its {@code rollrun} once h1 stopped acting as the active and the runner waits for h2.
   *
   * @return the killed run's id
   */
  private static String killHalfWay(Path state) throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    bed.pair().setRoles(1);
    bed.pair().awaitAllPassing(Duration.ofSeconds(20));
    bed.pair().neverAcknowledge(2, true);
    Path playbook = dir.resolve("switchover.yml");
    Files.writeString(
        playbook,
        """
        name: demo switchover
        cluster: consul-switchover
        inventory: %s
        settings:
        %s
        """
            .formatted(fleet.inventory(), bed.pair().settings(bed.tokenFile()))
            .replace("switchover: { timeout: 8s }", "switchover: { timeout: 2m }"));
    Path log = state.resolveSibling(state.getFileName() + ".log");
    int before = bed.pair().events().size();
    Process rollrun =
        new ProcessBuilder(
                DIST.toString(),
                playbook.toString(),
                "--limit",
                "h1",
                "--commit",
                "--yes",
                "--known-hosts",
                fleet.knownHosts().toString(),
                "--state-dir",
                state.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitOrFail(
          () ->
              bed.pair()
                      .events()
                      .subList(before, bed.pair().events().size())
                      .contains("h1 ack demote=WAIT")
                  && logHas(log, "Promoting secondary"),
          rollrun,
          log);
    } finally {
      rollrun.destroyForcibly(); // SIGKILL: no shutdown hook, no after side
      rollrun.waitFor(30, TimeUnit.SECONDS);
    }

    // What the crash left: no node acts as the active, the flags half-way, the lock held.
    assertEquals(List.of(), bed.pair().actingActive(), "h1 was demoted, h2 not promoted");
    assertEquals("WAIT", bed.consul().value(bed.pair().flagKey(1, "demote")));
    assertEquals("START", bed.consul().value(bed.pair().flagKey(2, "promote")));
    assertNotNull(bed.consul().holder("service/demo/.lock"), "the lock of the dead runner");

    String saved = ownedValue(state, "h1");
    assertTrue(saved.contains("\"from\":\"h1\"") && saved.contains("\"to\":\"h2\""), saved);
    return state.resolve("runs").toFile().list()[0];
  }

  /** {@code rollrun COMMAND RUN-ID --yes}: its output, once it exited with {@code exit}. */
  private static String rollrun(String command, String runId, Path state, int exit) {
    CommandLineRun run =
        CommandLineRun.of(
            command,
            runId,
            "--yes",
            "--known-hosts",
            fleet.knownHosts().toString(),
            "--state-dir",
            state.toString());
    String output = run.out() + run.err();
    assertEquals(exit, run.exitCode(), output);
    assertFalse(output.contains(bed.token()), "the token is never shown");
    return output;
  }

  private static void assertInOrder(String output, String... lines) {
    int at = 0;
    for (String line : lines) {
      int found = output.indexOf(line, at);
      assertTrue(found >= 0, "\"" + line + "\" after the lines before it:\n" + output);
      at = found;
    }
  }

  /** The role changes among {@code events}, as {@code <node> <role>}. */
  private static List<String> roles(List<String> events) {
    return events.stream()
        .filter(e -> e.contains(" role "))
        .map(e -> e.replace(" role ", " "))
        .toList();
  }

  private static void assertFlagsNull() {
    for (int host = 1; host <= 2; host++) {
      assertEquals(
          "NULL", bed.consul().value(bed.pair().flagKey(host, "promote")), "h" + host + " promote");
      assertEquals(
          "NULL", bed.consul().value(bed.pair().flagKey(host, "demote")), "h" + host + " demote");
    }
  }

  /** The value the switchover wrapper of {@code host} journaled before it changed anything. */
  private static String ownedValue(Path state, String host) throws IOException {
    try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
      Path journal = runs.findFirst().orElseThrow().resolve("journal.jsonl");
      for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
        try {
          JsonNode record = JSON.readTree(line);
          if ("owned-saved".equals(record.path("type").asText())
              && host.equals(record.path("host").asText())) {
            return record.path("saved").asText();
          }
        } catch (IOException torn) {
          // the line the kill cut short
        }
      }
    }
    throw new AssertionError("no owned-saved record for " + host);
  }

  private static boolean logHas(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitOrFail(
      java.util.function.BooleanSupplier condition, Process rollrun, Path log)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (!rollrun.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "the switchover never got half-way: " + Files.readString(log) + bed.pair().events());
      }
      Thread.sleep(50);
    }
  }
}

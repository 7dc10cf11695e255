package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.tests.fleet.ConsulPair;
import dev.rollrun.tests.fleet.ConsulSimulation;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switchover whose {@code rollrun} process is killed (SIGKILL) half-way: h1 has already stopped
 * acting as the active, h2 has not answered yet, the flags are set and the lock held by a session
 * that nobody renews. Nobody acts as the active at that moment. {@code rollrun resume RUN-ID}
 * continues the journaled run at the node's switchover wrapper, which finds the switchover left
 * half-way (the lock's value, the flags), puts it right (h1 the active again, the flags cleared)
 * and begins it again, this time to the end.
 */
@Tag("slow")
class ConsulSwitchoverCrashTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "consul-token-" + UUID.randomUUID();

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(2).build();

  @TempDir static Path dir;

  private static ConsulSimulation consul;
  private static ConsulPair pair;
  private static Path tokenFile;

  @BeforeAll
  static void up() throws IOException {
    consul = ConsulSimulation.start("dc1", TOKEN);
    tokenFile = dir.resolve("consul.token");
    Files.writeString(tokenFile, TOKEN + "\n");
    pair = ConsulPair.start(fleet, consul, TOKEN, List.of(1, 2));
  }

  @AfterAll
  static void down() {
    try {
      if (pair != null) {
        pair.close();
      }
    } finally {
      if (consul != null) {
        consul.close();
      }
    }
  }

  @Test
  void aSwitchoverKilledHalfWayIsPutRightThenFinishedByResume() throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    pair.neverAcknowledge(2, true);
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
            .formatted(fleet.inventory(), pair.settings(tokenFile))
            .replace("switchover: { timeout: 8s }", "switchover: { timeout: 2m }"));
    Path state = dir.resolve("state");
    Path log = dir.resolve("rollrun.log");
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
          () -> pair.events().contains("h1 ack demote=WAIT") && logHas(log, "Promoting secondary"),
          rollrun,
          log);
    } finally {
      rollrun.destroyForcibly(); // SIGKILL: no shutdown hook, no after side
      rollrun.waitFor(30, TimeUnit.SECONDS);
    }

    // What the crash left: no node acts as the active, the flags half-way, the lock held.
    assertEquals(List.of(), pair.actingActive(), "h1 was demoted, h2 not promoted");
    assertEquals("WAIT", consul.value(pair.flagKey(1, "demote")));
    assertEquals("START", consul.value(pair.flagKey(2, "promote")));
    assertNotNull(consul.holder("service/demo/.lock"), "the lock of the dead runner");

    String saved = ownedValue(state, "h1");
    assertTrue(saved.contains("\"from\":\"h1\"") && saved.contains("\"to\":\"h2\""), saved);

    // rollrun resume: the journal's node is continued at its switchover wrapper, which finds the
    // switchover left half-way, undoes it (h1 comes back as the active first), then begins it
    // again; h2 answers this time.
    pair.neverAcknowledge(2, false);
    String runId = state.resolve("runs").toFile().list()[0];
    int before = pair.events().size();
    long started = System.nanoTime();
    CommandLineRun resumed =
        CommandLineRun.of(
            "resume",
            runId,
            "--yes",
            "--known-hosts",
            fleet.knownHosts().toString(),
            "--state-dir",
            state.toString());
    String output = resumed.out() + resumed.err();
    System.out.printf(
        "consul switchover resumed after a kill: %d ms (%s)%n",
        (System.nanoTime() - started) / 1_000_000,
        output.lines().filter(l -> l.startsWith("roll ")).findFirst().orElse("?"));
    assertEquals(0, resumed.exitCode(), output);
    assertFalse(output.contains(TOKEN), "the token is never shown");
    int at = 0;
    for (String line :
        List.of(
            "this switchover was left half-way (its rollrun stopped): putting it right first",
            "h1 stopped acting as the active",
            "undone: active h1, standby h2; h1 stays the active",
            "starting the switchover again",
            "Switching cluster primary/secondary node roles...SUCCESS",
            "switchover complete: active h2 (passing), standby h1 (passing)")) {
      int found = output.indexOf(line, at);
      assertTrue(found >= 0, "\"" + line + "\" after the lines before it:\n" + output);
      at = found;
    }
    assertEquals(
        List.of("h1 active", "h1 standby", "h2 active"),
        pair.events().subList(before, pair.events().size()).stream()
            .filter(e -> e.contains(" role "))
            .map(e -> e.replace(" role ", " "))
            .toList(),
        "h1 acted as the active again before the switchover began anew: never two");
    assertEquals(List.of("h2"), pair.actingActive());
    assertEquals(
        "{\"active_nodes\":[\"h2\"],\"standby_nodes\":[\"h1\"]}", consul.value(pair.clusterKey()));
    for (int host = 1; host <= 2; host++) {
      assertEquals("NULL", consul.value(pair.flagKey(host, "promote")));
      assertEquals("NULL", consul.value(pair.flagKey(host, "demote")));
    }
    assertNull(consul.holder("service/demo/.lock"));
    assertEquals(List.of(), consul.sessions());
    pair.awaitAllPassing(Duration.ofSeconds(20));
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
            "the switchover never got half-way: " + Files.readString(log) + pair.events());
      }
      Thread.sleep(50);
    }
  }
}

package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.core.task.NodeTaskContext;
import dev.rollrun.core.text.Redactor;
import dev.rollrun.plugins.consul.ConsulSwitchoverBehaviour;
import dev.rollrun.tests.fleet.ConsulPair;
import dev.rollrun.tests.fleet.ConsulSimulation;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switchover whose {@code rollrun} process is killed (SIGKILL) half-way: h1 has already stopped
 * acting as the active, h2 has not answered yet, the flags are set and the lock held by a session
 * that nobody renews. Nobody acts as the active at that moment. What rollrun journaled before it
 * changed anything (the switchover's plan, as the wrapper's owned value) is all it takes to put it
 * right: the wrapper's after side, as {@code rollrun recover RUN-ID} runs it, with that value.
 */
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
  void aSwitchoverKilledHalfWayIsPutRightFromWhatItJournaled() throws Exception {
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

    String output = recover(saved);
    assertTrue(output.contains("h1 stopped acting as the active"), output);
    assertTrue(output.contains("undone: active h1, standby h2; h1 stays the active"), output);
    assertEquals(List.of("h1"), pair.actingActive());
    assertEquals(
        "{\"active_nodes\": [\"h1\"], \"standby_nodes\": [\"h2\"]}",
        consul.value(pair.clusterKey()));
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

  /**
   * The switchover wrapper's after side on h1, given what the killed run journaled, over a real SSH
   * session: what {@code rollrun recover RUN-ID} does for each owned value a run left set.
   */
  private static String recover(String saved) throws Exception {
    Host h1 =
        new Host(
            "h1",
            fleet.address(1),
            fleet.port(1),
            fleet.user(),
            fleet.privateKey().toString(),
            List.of("app"),
            null,
            null,
            Map.of());
    List<String> lines = new ArrayList<>();
    Shell.LineListener output = (stderr, line) -> lines.add(line);
    try (SshShell shell =
        new SshShell(
            SshSettings.defaults().withExtraKnownHosts(fleet.knownHosts()),
            SshTargetResolver.forCurrentUser())) {
      NodeTaskContext context =
          new NodeTaskContext(h1, shell, output, Duration.ofMinutes(1), Redactor.NONE);
      CommandOutput reachable = context.run("true");
      assertEquals(0, reachable.exitCode());
      NodeWrapper switchover = new ConsulSwitchoverBehaviour().wrappers().get(0);
      switchover.after(context, settings(), saved);
    }
    return String.join("\n", lines);
  }

  /** The playbook's settings, as rollrun hands them to the behaviour. */
  private static TaskArgs settings() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(
        "consul",
        Map.of(
            "address", consul.address(),
            "datacenter", "dc1",
            "token-file", tokenFile.toString()));
    settings.put("environment", ConsulPair.ENVIRONMENT);
    settings.put("service", ConsulPair.SERVICE);
    settings.put(
        "local",
        Map.of(
            "services", Map.of("demo", "~/svc status"),
            "standby", "running",
            "role-check", "~/consul-node role"));
    settings.put("wait", "20s");
    settings.put("interval", "200ms");
    settings.put("switchover", Map.of("timeout", "8s"));
    return new TaskArgs(settings);
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

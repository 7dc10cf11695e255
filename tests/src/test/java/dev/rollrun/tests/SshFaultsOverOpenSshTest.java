package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SSH going wrong during a roll, against real OpenSSH hosts: a connection reset while a command
 * runs, a host that stops answering, a key the host refuses, a host key that changed since the plan
 * was reviewed. Each ends the roll with exit 3 and a message naming the host and the step (or the
 * connection, before any step), no stack trace, and no node left down that rollrun could bring
 * back: a node of the same batch that was already stopped is started again, nodes never reached are
 * untouched.
 *
 * <p>Batches are {h1, h2} then {h3, h4}; the post-stop step {@code migrate} is where faults strike.
 */
class SshFaultsOverOpenSshTest {

  @RegisterExtension final SshdFleet fleet = SshdFleet.builder().hosts(4).build();

  /** The playbook, with {@code migrate} running {@code migrate} for {@code timeout}. */
  private Path playbook(Path inventory, String migrate, String timeout) throws IOException {
    fleet.startAllServices();
    String yaml =
        """
        name: ssh faults
        cluster: service
        inventory: %s
        service:
          name: demo
          stop: "~/svc stop"
          start: "~/svc start"
        rollout:
          batch: 2
        health:
          interval: 200ms
          consecutive: 2
          timeout: 60s
          all:
            - tcp: { port: "{{ host.vars['service.port'] }}" }
            - command: { run: "~/svc status" }
        steps:
          post-stop:
            - name: migrate
              run: "%s"
              timeout: %s
        """
            .formatted(inventory, migrate, timeout);
    Path file = fleet.dir().resolve("faults.yml");
    Files.writeString(file, yaml);
    before = fleet.events().size();
    return file;
  }

  private CommandLineRun roll(Path playbook) {
    return CommandLineRun.of(
        playbook.toString(), "--commit", "--yes", "--known-hosts", fleet.knownHosts().toString());
  }

  private CompletableFuture<CommandLineRun> rollInBackground(Path playbook) {
    return CompletableFuture.supplyAsync(() -> roll(playbook));
  }

  /** What every fault must end in: exit 3, the host named, no stack trace, nothing internal. */
  private static void assertFailedCleanly(CommandLineRun run, String host) {
    String all = run.out() + run.err();
    assertEquals(3, run.exitCode(), all);
    assertTrue(all.contains(host), "names " + host + ": " + all);
    assertFalse(all.contains("Exception"), "no exception name: " + all);
    assertFalse(all.contains("\tat "), "no stack trace: " + all);
    assertFalse(all.contains("internal error"), "no internal error: " + all);
  }

  /** Events logged since the roll started; the services' own start by the fixture is before. */
  private int before;

  private boolean stopped(int host) {
    return eventsSince(before).stream()
        .anyMatch(e -> e.host().equals("h" + host) && e.action().equals("stop"));
  }

  private List<ServiceEvent> eventsSince(int index) {
    List<ServiceEvent> all = fleet.events();
    return new ArrayList<>(all.subList(index, all.size()));
  }

  /** Whether the roll stopped or started h3 or h4, the second batch. */
  private void assertSecondBatchUntouched(CommandLineRun run) {
    assertTrue(
        eventsSince(before).stream().noneMatch(e -> e.host().equals("h3") || e.host().equals("h4")),
        "h3 and h4 untouched: " + eventsSince(before) + "\n" + run.out());
    assertTrue(fleet.serviceRunning(3) && fleet.serviceRunning(4));
  }

  @Test
  void connectionResetMidCommandStopsTheRollNamingHostAndStepAndRestartsTheBatchMate()
      throws Exception {
    Path playbook = playbook(fleet.inventory(), "sleep 4", "30s");
    CompletableFuture<CommandLineRun> running = rollInBackground(playbook);
    waitUntil(() -> stopped(1) && stopped(2));
    Thread.sleep(500);
    fleet.dropConnections(1);
    CommandLineRun run = running.get(90, TimeUnit.SECONDS);

    assertFailedCleanly(run, "h1");
    assertTrue(
        run.out().contains("post-stop   run    migrate  FAILED"), "names the step: " + run.out());
    assertTrue(
        run.out()
            .contains(
                "connection lost while running \"sleep 4\"; whether it finished on"
                    + " the host is unknown"),
        run.out());
    assertTrue(fleet.serviceRunning(2), "h2, stopped in the same batch, is started again");
    assertSecondBatchUntouched(run);
    assertTrue(
        run.out().contains("h1           failed  <- left failed: check this node"), run.out());
  }

  @Test
  void hostThatStopsAnsweringMidCommandTimesOutNamingHostAndStep() throws Exception {
    Path migrating = fleet.dir().resolve("h1-migrating");
    Path playbook =
        playbook(
            fleet.inventory(),
            "if [ $HOST_ID = h1 ]; then touch " + migrating + "; sleep 20; fi",
            "3s");
    CompletableFuture<CommandLineRun> running = rollInBackground(playbook);
    try {
      // Frozen once h1's command runs: the host stops answering mid-command, not before it.
      waitUntil(() -> stopped(2) && java.nio.file.Files.exists(migrating));
      fleet.freezeConnections(1);
      CommandLineRun run = running.get(90, TimeUnit.SECONDS);

      assertFailedCleanly(run, "h1");
      assertTrue(
          run.out().contains("post-stop   run    migrate  FAILED"), "names the step: " + run.out());
      assertTrue(
          run.out()
              .contains(
                  "did not finish within 3s, and the host has not answered since (nothing for 2s"
                      + " more): it was to be stopped there (TERM, then KILL after 5s), which"
                      + " nothing confirms; check the host"),
          "says the stop is not confirmed: " + run.out());
      assertTrue(fleet.serviceRunning(2), "h2, stopped in the same batch, is started again");
      assertSecondBatchUntouched(run);
    } finally {
      fleet.thawConnections(1);
    }
  }

  @Test
  void keyTheHostRefusesEndsTheRollBeforeAnythingIsTouched() throws Exception {
    Path stranger = fleet.dir().resolve("stranger_key");
    Process keygen =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString())
            .inheritIO()
            .start();
    assertEquals(0, keygen.waitFor());
    String inventory =
        Files.readString(fleet.inventory())
            .replace("  h2:\n", "  h2:\n    identity: " + stranger + "\n");
    Path file = fleet.dir().resolve("stranger-inventory.yml");
    Files.writeString(file, inventory);
    Path playbook = playbook(file, "true", "30s");

    CommandLineRun run = roll(playbook);

    assertFailedCleanly(run, "h2");
    assertTrue(run.out().toLowerCase().contains("authentication"), run.out());
    assertTrue(run.out().contains(stranger.toString()), "names the key it tried: " + run.out());
    assertEquals(List.of(), eventsSince(before), "nothing stopped or started");
  }

  @Test
  void hostKeyThatChangedAfterThePlanWasMadeEndsTheRollBeforeAnythingIsTouched() throws Exception {
    Path playbook = playbook(fleet.inventory(), "true", "30s");
    CommandLineRun plan = CommandLineRun.of("plan", playbook.toString());
    assertEquals(0, plan.exitCode(), plan.err());
    fleet.rotateHostKey(3);
    try {
      CommandLineRun run = roll(playbook);

      assertFailedCleanly(run, "h3");
      assertTrue(run.out().contains("host key CHANGED"), run.out());
      assertEquals(List.of(), eventsSince(before), "nothing stopped or started");
    } finally {
      fleet.trustCurrentHostKeys();
    }
  }

  @Test
  void hostKeyThatChangesDuringTheRollIsRefusedWhenTheHostIsReachedAgain() throws Exception {
    Path playbook = playbook(fleet.inventory(), "sleep 2", "30s");
    Instant started = Instant.now();
    CompletableFuture<CommandLineRun> running = rollInBackground(playbook);
    try {
      waitUntil(() -> stopped(1) && stopped(2));
      // h3 gets a new key and loses its connection: rollrun must reconnect, and refuse it.
      fleet.rotateHostKey(3);
      fleet.dropConnections(3);
      CommandLineRun run = running.get(90, TimeUnit.SECONDS);

      assertFailedCleanly(run, "h3");
      assertTrue(run.out().contains("host key CHANGED"), run.out());
      assertTrue(run.out().contains("health after batch 1 (h1, h2): NOT HEALTHY after"), run.out());
      assertTrue(
          Duration.between(started, Instant.now()).toSeconds() < 40,
          "the gate fails at once, not after its 60s timeout: " + run.out());
      assertTrue(fleet.serviceRunning(1) && fleet.serviceRunning(2), "batch 1 back up");
      assertSecondBatchUntouched(run);
    } finally {
      fleet.trustCurrentHostKeys();
    }
  }

  @Test
  void keyRefusedWhenAHostIsReachedAgainDuringTheRollFailsTheGateAtOnce() throws Exception {
    // h3 logs in with a key file of its own; mid-roll the file holds a key h3 does not accept.
    Path key = fleet.dir().resolve("h3_key");
    Files.copy(fleet.privateKey(), key);
    Path stranger = fleet.dir().resolve("stranger_key");
    Process keygen =
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString())
            .inheritIO()
            .start();
    assertEquals(0, keygen.waitFor());
    Path inventory = fleet.dir().resolve("h3-key-inventory.yml");
    Files.writeString(
        inventory,
        Files.readString(fleet.inventory())
            .replace("  h3:\n", "  h3:\n    identity: " + key + "\n"));
    Path playbook = playbook(inventory, "sleep 2", "30s");
    Instant started = Instant.now();
    CompletableFuture<CommandLineRun> running = rollInBackground(playbook);
    waitUntil(() -> stopped(1) && stopped(2));
    Files.copy(stranger, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    fleet.dropConnections(3);
    CommandLineRun run = running.get(90, TimeUnit.SECONDS);

    assertFailedCleanly(run, "h3");
    assertTrue(run.out().contains("authentication as"), run.out());
    assertTrue(
        Duration.between(started, Instant.now()).toSeconds() < 40,
        "the gate fails at once, not after its 60s timeout: " + run.out());
    assertTrue(fleet.serviceRunning(1) && fleet.serviceRunning(2), "batch 1 back up");
    assertSecondBatchUntouched(run);
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 60s");
      }
      Thread.sleep(20);
    }
  }
}

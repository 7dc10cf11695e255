package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rollrun against six real OpenSSH hosts on loopback, each running a real service process; the
 * fixture logs every service start and stop with a timestamp, from which the tests read what the
 * roll did.
 */
class RollOverOpenSshTest {

  @RegisterExtension final SshdFleet fleet = SshdFleet.builder().hosts(6).build();

  private Path playbook(String extraSteps) throws IOException {
    fleet.startAllServices();
    String yaml =
        """
        name: e2e roll
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
          timeout: 15s
          all:
            - tcp: { port: "{{ host.vars['service.port'] }}" }
            - command: { run: "~/svc status" }
        %s
        """
            .formatted(fleet.inventory(), extraSteps);
    Path file = fleet.dir().resolve("roll.yml");
    Files.writeString(file, yaml);
    return file;
  }

  private CommandLineRun roll(Path playbook, String... more) {
    List<String> args = new ArrayList<>(List.of(playbook.toString()));
    args.addAll(List.of(more));
    args.addAll(List.of("--known-hosts", fleet.knownHosts().toString()));
    if (args.contains("--commit")) {
      // Each test's runs are its own: a run a test makes fail must not hold up the next test.
      args.addAll(List.of("--state-dir", fleet.dir().resolve("state").toString()));
    }
    return CommandLineRun.of(args.toArray(String[]::new));
  }

  @Test
  void batchRollRestartsEveryServiceOnceInPlanOrderNeverMoreThanTheBatchDown() throws IOException {
    Path playbook = playbook("");
    int before = fleet.events().size();
    CommandLineRun run = roll(playbook, "--commit", "--yes");
    assertEquals(0, run.exitCode(), run.out() + run.err());

    List<ServiceEvent> events = fleet.events().subList(before, fleet.events().size());
    Map<String, List<String>> perHost = new TreeMap<>();
    events.forEach(e -> perHost.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(e.action()));
    for (int i = 1; i <= 6; i++) {
      assertEquals(List.of("stop", "start"), perHost.get("h" + i), "h" + i + ": " + events);
      assertTrue(fleet.serviceRunning(i), "h" + i + " runs again");
    }

    // Batches in plan order: {h1,h2} then {h3,h4} then {h5,h6}.
    List<String> stopOrder =
        events.stream().filter(e -> e.action().equals("stop")).map(ServiceEvent::host).toList();
    assertEquals(setOf("h1", "h2"), setOf(stopOrder.subList(0, 2)));
    assertEquals(setOf("h3", "h4"), setOf(stopOrder.subList(2, 4)));
    assertEquals(setOf("h5", "h6"), setOf(stopOrder.subList(4, 6)));

    // Never more than the batch (2) down at once.
    int down = 0;
    int maxDown = 0;
    for (ServiceEvent e : events) {
      down += e.action().equals("stop") ? 1 : -1;
      maxDown = Math.max(maxDown, down);
    }
    assertEquals(2, maxDown, events.toString());

    // Each batch only after the previous one's gate passed: 2 healthy checks 200ms apart.
    for (int batch = 0; batch < 2; batch++) {
      long lastStart = startOf(events, batch * 2, batch * 2 + 1);
      long nextStop = firstStopOf(events, batch * 2 + 2, batch * 2 + 3);
      assertTrue(
          nextStop - lastStart >= 200,
          "batch "
              + (batch + 2)
              + " stopped "
              + (nextStop - lastStart)
              + "ms after the last start");
    }
    assertTrue(run.out().contains("roll done: 6 of 6 node(s) done"), run.out());
  }

  @Test
  void dryRunConnectsAndChecksButChangesNothing() throws IOException {
    Path playbook = playbook("");
    List<Long> pids = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      pids.add(fleet.servicePid(i));
    }
    int before = fleet.events().size();
    CommandLineRun run = roll(playbook);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("every host answered and the cluster is healthy"), run.out());
    assertEquals(before, fleet.events().size(), "no service was stopped or started");
    for (int i = 1; i <= 6; i++) {
      assertEquals(pids.get(i - 1), fleet.servicePid(i), "h" + i + " still the same process");
    }
  }

  /**
   * Bug: --limit narrowed the health checked before the first node to the limited hosts, so a roll
   * of h1 started while h4 was down.
   */
  @Test
  void aLimitedRollStillNeedsTheWholeClusterHealthy() throws IOException {
    Path playbook = playbook("");
    fleet.run(4, "~/svc stop");
    int before = fleet.events().size(); // the test's own stop of h4 included
    CommandLineRun run = roll(playbook, "--commit", "--yes", "--limit", "h1");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("cluster health before the first node"), run.out());
    assertTrue(run.out().contains("h4: "), "names the unhealthy node: " + run.out());
    assertEquals(before, fleet.events().size(), "nothing stopped or started: " + fleet.events());
    assertTrue(fleet.serviceRunning(1), "h1 was never stopped");
  }

  @Test
  void aLimitedRollChecksEveryNodeAfterItsBatch() throws IOException {
    Path playbook = playbook("");
    CommandLineRun run = roll(playbook, "--commit", "--yes", "--limit", "h2");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("health after batch 1 (h2): healthy after"), run.out());
    assertTrue(run.out().contains("(checked h2, h1, h3, h4, h5, h6)"), run.out());
    assertTrue(run.out().contains("roll done: 1 of 1 node(s) done"), run.out());
  }

  @Test
  void aMalformedKnownHostsLineIsNamedOnceAndTheRestOfTheFileStillCounts() throws IOException {
    Path playbook = playbook("");
    Path known = fleet.dir().resolve("known_hosts_with_a_bad_line");
    Files.writeString(known, "bogus line\n" + Files.readString(fleet.knownHosts()));
    CommandLineRun run = CommandLineRun.of(playbook.toString(), "--known-hosts", known.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String warning = "warning: " + known + ":1: skipped a malformed line";
    assertTrue(run.out().contains(warning), run.out());
    assertEquals(
        run.out().indexOf(warning), run.out().lastIndexOf(warning), "said once: " + run.out());
    assertTrue(run.out().contains("every host answered and the cluster is healthy"), run.out());
  }

  @Test
  void serviceThatFailsToStartStopsTheRollAndLeavesLaterHostsUntouched() throws IOException {
    Path playbook = playbook("");
    fleet.failEveryStart(3);
    int before = fleet.events().size();
    CommandLineRun run = roll(playbook, "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("h3: step start run failed: exit code 1"), run.out());
    List<ServiceEvent> events = fleet.events().subList(before, fleet.events().size());
    assertTrue(
        events.stream().noneMatch(e -> e.host().equals("h5") || e.host().equals("h6")),
        events.toString());
    assertTrue(fleet.serviceRunning(5) && fleet.serviceRunning(6));
  }

  @Test
  void changedHostKeyIsRefusedBeforeAnythingIsTouched() throws IOException {
    Path playbook = playbook("");
    fleet.rotateHostKey(4);
    int before = fleet.events().size();
    CommandLineRun run = roll(playbook, "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().toLowerCase().contains("changed"), run.out());
    assertTrue(run.out().contains("h4"), run.out());
    assertEquals(before, fleet.events().size(), "no service touched");
  }

  @Test
  void hostDroppingTheConnectionMidStepFailsCleanly() throws Exception {
    Path playbook =
        playbook(
            """
            steps:
              post-stop:
                - run: "sleep 8"
            """);
    CompletableFuture<CommandLineRun> running =
        CompletableFuture.supplyAsync(() -> roll(playbook, "--commit", "--yes"));
    waitUntil(
        () ->
            fleet.events().stream()
                .anyMatch(e -> e.host().equals("h1") && e.action().equals("stop")));
    Thread.sleep(500);
    fleet.dropConnections(1);
    CommandLineRun run = running.get(60, TimeUnit.SECONDS);
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("h1"), run.out());
    assertTrue(run.out().contains("left stopped") || run.out().contains("left failed"), run.out());
    assertTrue(
        fleet.events(3).isEmpty()
            || fleet.events(3).stream().noneMatch(e -> e.action().equals("stop")));
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 30s");
      }
      Thread.sleep(50);
    }
  }

  private static long startOf(List<ServiceEvent> events, int hostA, int hostB) {
    return events.stream()
        .filter(e -> e.action().equals("start"))
        .filter(e -> e.host().equals("h" + (hostA + 1)) || e.host().equals("h" + (hostB + 1)))
        .mapToLong(ServiceEvent::millis)
        .max()
        .orElseThrow();
  }

  private static long firstStopOf(List<ServiceEvent> events, int hostA, int hostB) {
    return events.stream()
        .filter(e -> e.action().equals("stop"))
        .filter(e -> e.host().equals("h" + (hostA + 1)) || e.host().equals("h" + (hostB + 1)))
        .mapToLong(ServiceEvent::millis)
        .min()
        .orElseThrow();
  }

  private static java.util.Set<String> setOf(String... items) {
    return java.util.Set.of(items);
  }

  private static java.util.Set<String> setOf(List<String> items) {
    return items.stream().collect(Collectors.toSet());
  }
}

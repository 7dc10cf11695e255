package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.ConsulSimulation;
import dev.rollrun.tests.fleet.ConsulTestBed;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code consul-standby} roll against three real OpenSSH hosts that are one PowerConsul-managed
 * service (h1 active, h2 and h3 warm standbys) in a simulated Consul ({@link ConsulSimulation},
 * ACLs on): the nodes' own checks and watchers run on the hosts, so Consul's view follows what the
 * roll does to them. The evidence is the hosts' service logs, the history of each node's Consul
 * check and the nodes' own event log (failovers, role changes).
 */
class ConsulRollOverOpenSshTest {

  @Order(1)
  @RegisterExtension
  static final SshdFleet fleet = SshdFleet.builder().hosts(3).build();

  @Order(2)
  @RegisterExtension
  static final ConsulTestBed bed = ConsulTestBed.on(fleet, 1, 2, 3);

  @TempDir static Path dir;

  @BeforeEach
  void reset() {
    fleet.startAllServices();
    bed.pair().setRoles(1);
    bed.pair().awaitAllPassing(Duration.ofSeconds(20));
  }

  /** The fleet's inventory: hosts h1 to h3 with no role of Consul's; discovery gives them. */
  private Path inventory() {
    return fleet.inventory();
  }

  private Path playbook(String cluster, String more) throws IOException {
    Path file = dir.resolve("consul-" + cluster + ".yml");
    Files.writeString(
        file,
        """
        name: demo active/standby restart
        cluster: %s
        inventory: %s
        service:
          name: demo
          stop: "~/svc stop"
          start: "~/svc start"
        settings:
        %s%s
        """
            .formatted(cluster, inventory(), bed.pair().settings(bed.tokenFile()), more));
    return file;
  }

  private CommandLineRun rollrun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--known-hosts", fleet.knownHosts().toString()));
    if (all.contains("--commit")) {
      all.addAll(List.of("--state-dir", dir.resolve("state-" + System.nanoTime()).toString()));
    }
    CommandLineRun run = timed(args, all);
    assertFalse((run.out() + run.err()).contains(bed.token()), "the token is never shown");
    return run;
  }

  /** Runs rollrun and prints its wall time and its summary line, for the record. */
  static CommandLineRun timed(String[] args, List<String> all) {
    long started = System.nanoTime();
    CommandLineRun run = CommandLineRun.of(all.toArray(String[]::new));
    System.out.printf(
        "consul: rollrun %s: exit %d, %d ms%s%n",
        String.join(
            " ",
            java.util.Arrays.stream(args)
                .map(a -> a.contains("/") ? Path.of(a).getFileName().toString() : a)
                .toList()),
        run.exitCode(),
        (System.nanoTime() - started) / 1_000_000,
        run.out()
            .lines()
            .filter(l -> l.startsWith("roll "))
            .findFirst()
            .map(l -> " (" + l + ")")
            .orElse(""));
    return run;
  }

  /** {@code h2:stop h2:start ...}: the service events since {@code before}. */
  private List<String> eventsSince(int before) {
    return fleet.events().subList(before, fleet.events().size()).stream()
        .map(e -> e.host() + ":" + e.action())
        .toList();
  }

  @Test
  void aRollRestartsTheStandbysFirstThenTheActiveUnderItsMaintenanceFlag() throws IOException {
    Path playbook = playbook("consul-standby", "");
    int before = fleet.events().size();
    int historyBefore = bed.consul().healthHistory("h1").size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(
        List.of("h2:stop", "h2:start", "h3:stop", "h3:start", "h1:stop", "h1:start"),
        eventsSince(before),
        "standbys first, one at a time, the active last");

    assertTrue(run.out().contains("h2 is a standby: it restarts without the maintenance flag"));
    assertTrue(run.out().contains("maintenance flag set on h1 (~/noop.lock)"), run.out());
    assertTrue(run.out().contains("maintenance flag cleared on h1"), run.out());
    assertFalse(Files.exists(bed.pair().lockfile(1)), "the flag is cleared after the roll");

    // While h1 was down on purpose, its check passed by the lockfile: no watcher failed over.
    List<ConsulSimulation.CheckChange> during =
        bed.consul()
            .healthHistory("h1")
            .subList(historyBefore, bed.consul().healthHistory("h1").size());
    assertTrue(
        during.stream().anyMatch(c -> c.output().startsWith("noop lockfile")),
        "h1's check passed by its maintenance flag: " + during);
    assertTrue(
        during.stream().allMatch(c -> c.status().equals("passing")),
        "h1's check never failed during the roll: " + during);
    assertTrue(
        bed.pair().events().stream().noneMatch(e -> e.contains(" failover ")),
        "no standby took over: " + bed.pair().events());
    assertEquals(List.of("h1"), bed.pair().actingActive());
    assertEquals(
        "{\"active_nodes\": [\"h1\"], \"standby_nodes\": [\"h2\", \"h3\"]}",
        bed.consul().value(bed.pair().clusterKey()));
    assertTokenAlwaysInTheHeaderNeverInTheUrl();
  }

  /**
   * The control: the same restart of the active without the maintenance flag (the plain service
   * behaviour) is seen by the standbys' checks, and one of them takes over: two nodes act as the
   * active.
   */
  @Test
  void withoutTheMaintenanceFlagAStandbyFailsOverWhileTheActiveRestarts() throws IOException {
    Path file = dir.resolve("plain.yml");
    Files.writeString(
        file,
        """
        name: demo restart without the flag
        cluster: service
        inventory: %s
        service:
          name: demo
          stop: "~/svc stop"
          start: "~/svc start"
        health:
          interval: 200ms
          consecutive: 1
          timeout: 20s
          all:
            - command: { run: "~/svc status" }
        steps:
          post-stop:
            - wait: 2s
        """
            .formatted(inventory()));
    CommandLineRun run = rollrun(file.toString(), "--limit", "h1", "--commit", "--yes");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        bed.pair().events().stream().anyMatch(e -> e.contains(" failover h1")),
        "a standby took over while h1 was down: " + bed.pair().events());
    assertTrue(bed.pair().actingActive().size() >= 2, "two actives: " + bed.pair().actingActive());
  }

  @Test
  void aDryRunShowsConsulsViewOfEveryNode() throws IOException {
    Path playbook = playbook("consul-standby", "");
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "h2  safe to stop? (cluster in Consul): yes, h2 is standby; active h1 (passing),"
                    + " standby h2 (passing), h3 (passing); no flag set"),
        run.out());
    assertTrue(
        run.out()
            .contains(
                "h1  safe to stop? (local role): yes, h1 is active: demo running, role check:"
                    + " active"),
        run.out());
    assertEquals(before, fleet.events().size(), "a dry run changes nothing");
  }

  @Test
  void aStandbyActingAsTheActiveStopsTheRollBeforeAnythingIsStopped() throws IOException {
    Files.writeString(fleet.hostDir(3).resolve("role"), "active\n");
    awaitHealth("h3", "critical");
    Path playbook = playbook("consul-standby", "");
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "h2: step pre-stop safe-to-stop [cluster in Consul] failed: not safe to stop"
                    + " (cluster in Consul): not every node passes its Consul checks: h3 critical"),
        run.out());
    assertEquals(List.of(), eventsSince(before), "nothing was stopped");
  }

  @Test
  void statusShowsActiveAndStandbysAndEachNodesLocalService() throws IOException {
    fleet.run(3, "~/svc stop");
    Path playbook = playbook("consul-standby", "");
    CommandLineRun run = rollrun("status", playbook.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out().contains("consul cluster/test/demo in dc1: active h1 (passing), standby h2"),
        run.out());
    assertTrue(run.out().contains("h1  h1  active"), run.out());
    assertTrue(run.out().contains("h3  h3  standby"), run.out());
    assertTrue(run.out().contains("service.demo: running  [h1: running (pid"), run.out());
    assertTrue(run.out().contains("service.demo: stopped  [h3: stopped]"), run.out());
    assertTrue(run.out().contains("role check: standby"), run.out());
  }

  private static void awaitHealth(String node, String status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!status.equals(bed.consul().health(node))) {
      assertTrue(System.nanoTime() < deadline, node + " never became " + status);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static void assertTokenAlwaysInTheHeaderNeverInTheUrl() {
    List<ConsulSimulation.Logged> fromRollrun =
        bed.consul().requests().stream().filter(r -> !r.tokenInHeader() || r.tokenInUrl()).toList();
    assertEquals(List.of(), fromRollrun, "every request carries the token in its header only");
  }
}

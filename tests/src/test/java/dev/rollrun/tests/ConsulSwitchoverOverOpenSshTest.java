package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * The {@code consul-switchover} (PowerConsul's {@code start-primary}) against two real OpenSSH
 * hosts, h1 active and h2 standby, in a simulated Consul: each node's watcher (running on the host)
 * acknowledges its promote and demote flags through blocking queries, as Consul's watches do. The
 * switchover succeeds; a node that never acknowledges is undone with exactly one active; a roll of
 * the standby is refused before anything changes.
 */
class ConsulSwitchoverOverOpenSshTest {

  @Order(1)
  @RegisterExtension
  static final SshdFleet fleet = SshdFleet.builder().hosts(2).build();

  @Order(2)
  @RegisterExtension
  static final ConsulTestBed bed = ConsulTestBed.on(fleet, 1, 2);

  @TempDir static Path dir;

  @BeforeEach
  void reset() {
    fleet.startAllServices();
    bed.pair().setRoles(1);
    bed.pair().awaitAllPassing(Duration.ofSeconds(20));
  }

  private static Path playbook() throws IOException {
    Path file = dir.resolve("switchover.yml");
    Files.writeString(
        file,
        """
        name: demo switchover
        cluster: consul-switchover
        inventory: %s
        settings:
        %s
        """
            .formatted(fleet.inventory(), bed.pair().settings(bed.tokenFile())));
    return file;
  }

  private CommandLineRun rollrun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--known-hosts", fleet.knownHosts().toString()));
    if (all.contains("--commit")) {
      all.addAll(List.of("--state-dir", dir.resolve("state-" + System.nanoTime()).toString()));
    }
    CommandLineRun run = ConsulRollOverOpenSshTest.timed(args, all);
    assertFalse((run.out() + run.err()).contains(bed.token()), "the token is never shown");
    return run;
  }

  private void assertFlagsNullAndLockFree() {
    for (int host = 1; host <= 2; host++) {
      assertEquals(
          "NULL", bed.consul().value(bed.pair().flagKey(host, "promote")), "h" + host + " promote");
      assertEquals(
          "NULL", bed.consul().value(bed.pair().flagKey(host, "demote")), "h" + host + " demote");
    }
    assertNull(bed.consul().holder("service/demo/.lock"), "the switchover lock is free");
    assertEquals(List.of(), bed.consul().sessions(), "no session is left");
  }

  /** The nodes' role changes, in order: {@code h1 standby}, {@code h2 active}. */
  private List<String> roleChangesSince(int before) {
    return bed.pair().events().subList(before, bed.pair().events().size()).stream()
        .filter(e -> e.contains(" role "))
        .map(e -> e.replace(" role ", " "))
        .toList();
  }

  @Test
  void aSwitchoverPromotesTheStandbyAndDemotesTheActiveThroughTheirFlags() throws IOException {
    Path playbook = playbook();
    int before = bed.pair().events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--limit", "h1", "--commit", "--yes");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String out = run.out();
    List<String> lines =
        List.of(
            "Starting promotion for node h2...SUCCESS",
            "Starting demotion for node h1...SUCCESS",
            "Demoting primary node h1...SUCCESS",
            "Promoting secondary node h2...SUCCESS",
            "Switching cluster primary/secondary node roles...SUCCESS",
            "Clearing demotion trigger for node h1...SUCCESS",
            "Clearing promotion trigger for node h2...SUCCESS",
            "switchover complete: active h2 (passing), standby h1 (passing)");
    int at = 0;
    for (String line : lines) {
      int found = out.indexOf(line, at);
      assertTrue(found >= 0, "\"" + line + "\" after the lines before it:\n" + out);
      at = found;
    }
    assertEquals(
        "{\"active_nodes\":[\"h2\"],\"standby_nodes\":[\"h1\"]}",
        bed.consul().value(bed.pair().clusterKey()));
    assertEquals(List.of("h2"), bed.pair().actingActive());
    assertEquals(
        List.of("h1 standby", "h2 active"),
        roleChangesSince(before),
        "h1 stopped acting as the active before h2 began: never two");
    assertTrue(
        bed.pair().events().subList(before, bed.pair().events().size()).stream()
            .noneMatch(e -> e.contains(" failover ")),
        bed.pair().events().toString());
    assertFlagsNullAndLockFree();
    assertEquals("passing", bed.consul().health("h1"));
    assertEquals("passing", bed.consul().health("h2"));
  }

  @Test
  void aStandbyThatNeverAcknowledgesIsUndoneAndTheActiveStaysTheOnlyOne() throws IOException {
    bed.pair().neverAcknowledge(2, true);
    Path playbook = playbook();
    int before = bed.pair().events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--limit", "h1", "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains("h2 did not acknowledge within 8s: service/demo/h2/promote is still START"),
        run.out());
    assertTrue(
        run.out().contains("h1 stopped acting as the active (its role check says standby)"),
        run.out());
    assertTrue(run.out().contains("undone: active h1, standby h2; h1 stays the active"), run.out());
    assertEquals(
        "{\"active_nodes\": [\"h1\"], \"standby_nodes\": [\"h2\"]}",
        bed.consul().value(bed.pair().clusterKey()));
    assertEquals(List.of("h1"), bed.pair().actingActive());
    assertEquals(
        List.of("h1 standby", "h1 active"),
        roleChangesSince(before),
        "h1 was demoted, then promoted again; h2 never acted as the active");
    assertFlagsNullAndLockFree();
  }

  @Test
  void anActiveThatNeverAcknowledgesIsUndoneAndStaysTheActive() throws IOException {
    bed.pair().neverAcknowledge(1, true);
    Path playbook = playbook();
    int before = bed.pair().events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--limit", "h1", "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains("h1 did not acknowledge within 8s: service/demo/h1/demote is still START"),
        run.out());
    assertTrue(run.out().contains("undone: active h1, standby h2; h1 stays the active"), run.out());
    assertEquals(List.of("h1"), bed.pair().actingActive());
    assertEquals(List.of(), roleChangesSince(before), "no node changed its role");
    assertFlagsNullAndLockFree();
  }

  @Test
  void aSwitchoverOfEveryHostRefusesTheStandbyBeforeAnythingChanges() throws IOException {
    Path playbook = playbook();
    int seen = bed.consul().requests().size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "not safe to stop (switchover): h2 is not the active node of cluster/test/demo"
                    + " (active h1, standby h2): a switchover rolls the active node alone"
                    + " (--limit active)"),
        run.out());
    assertEquals(List.of("h1"), bed.pair().actingActive());
    assertFlagsNullAndLockFree();
    List<ConsulSimulation.Logged> writes =
        bed.consul().requests().subList(seen, bed.consul().requests().size()).stream()
            .filter(r -> !r.method().equals("GET"))
            .toList();
    assertEquals(List.of(), writes, "rollrun wrote nothing to Consul");
  }

  @Test
  void aDryRunSaysWhatTheSwitchoverWouldDo() throws IOException {
    Path playbook = playbook();
    CommandLineRun run = rollrun(playbook.toString(), "--limit", "h1");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "h1  safe to stop? (switchover): yes, h2 (standby, passing) becomes the"
                    + " active, h1 a standby"),
        run.out());
    assertEquals(List.of("h1"), bed.pair().actingActive());
  }
}

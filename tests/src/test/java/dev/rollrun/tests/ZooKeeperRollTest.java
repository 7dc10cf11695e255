package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import dev.rollrun.core.task.NodeTaskContext;
import dev.rollrun.core.text.Redactor;
import dev.rollrun.plugins.zookeeper.ZooKeeperBehaviour;
import dev.rollrun.tests.fleet.EnsembleMonitor;
import dev.rollrun.tests.fleet.SshdFleet;
import dev.rollrun.tests.fleet.ZooKeeperEnsemble;
import dev.rollrun.tests.fleet.ZooKeeperEnsemble.MemberEvent;
import dev.rollrun.tests.fleet.ZooKeeperWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zookeeper behaviour against a real 3-member ZooKeeper 3.9 ensemble with a default
 * configuration (AdminServer on, only {@code srvr} among the four-letter words), each member behind
 * a real OpenSSH host on loopback whose "service" is that member's process ({@code ~/zk
 * stop|start}, which returns at once, as {@code systemctl start} does). The rolls use {@code
 * playbooks/zookeeper.yml} with this fleet as inventory and the members' scripts as stop and start,
 * while a Curator client writes all the time. One ensemble serves every test; each leaves it whole.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperRollTest {

  static {
    // The client and server libraries log every reconnection at INFO: that is the point here.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.curator", "error");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SLOW_START = Duration.ofSeconds(6);

  @TempDir static Path dir;

  private static SshdFleet fleet;
  private static ZooKeeperEnsemble zookeeper;
  private static Path inventory;

  @BeforeAll
  static void startEnsemble() throws IOException {
    fleet = SshdFleet.start(3);
    try {
      zookeeper =
          ZooKeeperEnsemble.builder()
              .directory(dir.resolve("ensemble"))
              .addresses(fleet.addresses())
              .homes(List.of(fleet.hostDir(1), fleet.hostDir(2), fleet.hostDir(3)))
              .start();
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
    inventory = dir.resolve("zookeeper-hosts.yml");
    StringBuilder yaml = new StringBuilder("defaults:\n");
    yaml.append("  user: ").append(fleet.user()).append('\n');
    yaml.append("  identity: \"").append(fleet.privateKey()).append("\"\n");
    yaml.append("hosts:\n");
    for (int i = 1; i <= 3; i++) {
      yaml.append("  h").append(i).append(":\n");
      yaml.append("    address: ").append(fleet.address(i)).append('\n');
      yaml.append("    port: ").append(fleet.port(i)).append('\n');
      yaml.append("    roles: [zookeeper]\n");
      yaml.append("    vars: { zookeeper_admin_port: ")
          .append(zookeeper.adminPort(i))
          .append(", zookeeper_client_port: ")
          .append(zookeeper.clientPort(i))
          .append(" }\n");
    }
    Files.writeString(inventory, yaml);
  }

  @AfterAll
  static void stopEnsemble() {
    try {
      if (zookeeper != null) {
        zookeeper.close();
      }
    } finally {
      if (fleet != null) {
        fleet.close();
      }
    }
  }

  /** Every test leaves the ensemble whole: every member running, quick to start, in sync. */
  @AfterEach
  void wholeAgain() {
    for (int i = 1; i <= 3; i++) {
      zookeeper.delayStart(i, Duration.ZERO);
    }
    zookeeper.startStopped();
    zookeeper.awaitInSync(Duration.ofSeconds(60));
  }

  // ---------------------------------------------------------------------------------- tests --

  @Test
  @Order(1)
  void discoveryNamesEachMembersRoleAndSaysWhichMemberDoesNotAnswer() throws Exception {
    int leader = zookeeper.leader();
    ClusterView view = discoverDirectly();
    assertEquals(3, view.members().size(), view.toString());
    for (ClusterMember member : view.members()) {
      int i = Integer.parseInt(member.host().substring(1));
      assertEquals("server " + i, member.id());
      assertEquals(List.of(i == leader ? "leader" : "follower"), member.roles(), view.toString());
    }
    assertEquals(
        "ensemble: 3 voting members [1, 2, 3], leader h"
            + leader
            + " (server "
            + leader
            + ") with 2 of 2 followers in sync; asked the AdminServer of 3 of 3 host(s) directly",
        view.notes().get(0));

    int follower = leader == 1 ? 2 : 1;
    zookeeper.stop(follower);
    ClusterView partial = discoverDirectly();
    ClusterMember down = partial.members().get(follower - 1);
    assertEquals("h" + follower, down.host());
    assertEquals(List.of(), down.roles());
    String notes = String.join("\n", partial.notes());
    assertTrue(
        notes.contains(
            "h"
                + follower
                + " does not answer at 127.0.0.1:"
                + zookeeper.adminPort(follower)
                + ": connection refused (voting member "
                + follower),
        notes);
    assertTrue(notes.contains("with 1 of 2 followers in sync"), notes);
  }

  @Test
  @Order(2)
  void aDryRunShowsThatNoMemberIsSafeToStopWhileAnotherIsDown() throws Exception {
    int leader = zookeeper.leader();
    int follower = leader == 1 ? 2 : 1;
    zookeeper.stop(follower);
    CommandLineRun dry = rollrun(playbook().toString());
    assertEquals(3, dry.exitCode(), dry.out() + dry.err());
    String out = dry.out();
    for (int i = 1; i <= 3; i++) {
      if (i == follower) {
        continue;
      }
      assertTrue(
          out.contains("h" + i + "  safe to stop? (quorum): no, h" + follower + " does not answer"),
          out);
    }
    assertTrue(
        out.contains(
            "stopping h"
                + leader
                + " would leave 1 of 3 voting members in sync, and the quorum needs 2"),
        out);
    // Discovery said so first, and still knew which member the silent host is.
    assertTrue(out.contains("the zookeeper cluster says:\n  ensemble: 3 voting members"), out);
    assertTrue(
        out.contains(
            "  h"
                + follower
                + " does not answer at localhost:"
                + zookeeper.adminPort(follower)
                + " on h"
                + follower
                + " through SSH: the connection closed without an answer"),
        out);
    assertTrue(out.contains("  h" + follower + ": server " + follower + "\n"), out);
    assertTrue(out.contains("  h" + leader + ": server " + leader + " (leader)\n"), out);
  }

  @Test
  @Order(3)
  void aRollOfAnEnsembleThatIsNotTheInventorysIsRefusedNamingTheMemberNoHostHas() throws Exception {
    Path twoHosts = dir.resolve("two-hosts.yml");
    String all = Files.readString(inventory);
    Files.writeString(twoHosts, all.substring(0, all.indexOf("  h3:\n")));
    int before = zookeeper.events().size();
    CommandLineRun roll = rollrun(twoHosts, playbook().toString(), "--commit", "--yes");
    assertEquals(3, roll.exitCode(), roll.out() + roll.err());
    String said = roll.out() + roll.err();
    assertTrue(
        said.contains(
            "cluster member server 3 at " + fleet.address(3) + " matches no host of the inventory"),
        said);
    assertTrue(
        said.contains(
            "voting member 3 (" + fleet.address(3) + ") is in no inventory host of this roll"),
        said);
    assertEquals(before, zookeeper.events().size(), "no member was stopped");
  }

  @Test
  @Order(4)
  void theRollRestartsTheFollowersFirstAndTheLeaderLastWithoutAFailedWrite() throws Exception {
    int leader = zookeeper.leader();
    List<Integer> followers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      if (i != leader) {
        followers.add(i);
      }
    }
    // The first follower restarts slowly: the next member must wait until it is in sync again.
    int slow = followers.get(0);
    zookeeper.delayStart(slow, SLOW_START);
    Path events = dir.resolve("gated-events.jsonl");
    int before = zookeeper.events().size();
    Roll roll;
    try (EnsembleMonitor monitor = EnsembleMonitor.start(zookeeper);
        ZooKeeperWriter writer = ZooKeeperWriter.start(zookeeper.connectString(), "/gated")) {
      roll = roll(writer, playbook(), events);
      assertEquals(0, roll.run.exitCode(), roll.run.out() + roll.run.err());

      List<MemberEvent> rolled = zookeeper.events().subList(before, zookeeper.events().size());
      List<String> stops =
          rolled.stream()
              .filter(e -> e.action().equals("stopping"))
              .map(MemberEvent::member)
              .toList();
      List<String> expected = new ArrayList<>();
      followers.forEach(f -> expected.add("zk" + f));
      expected.add("zk" + leader);
      assertEquals(expected, stops, "followers in inventory order, the leader last: " + rolled);
      for (int i = 1; i <= 3; i++) {
        String member = "zk" + i;
        assertEquals(
            List.of("stopping", "stop", "start"),
            rolled.stream()
                .filter(e -> e.member().equals(member))
                .map(MemberEvent::action)
                .toList(),
            member + " restarted exactly once");
      }
      // No member was stopped unless every follower was in sync at that moment.
      for (MemberEvent stop : rolled) {
        if (stop.action().equals("stopping")) {
          EnsembleMonitor.Sample seen = monitor.before(stop.millis()).orElseThrow();
          assertEquals(2, seen.syncedFollowers(), stop + " while the ensemble was " + seen);
        }
      }
      // The member after the slow one waited until the slow one was in sync again.
      long slowStarted = startOf(rolled, "zk" + slow);
      long nextStopped = stoppingOf(rolled, "zk" + followers.get(1));
      EnsembleMonitor.Sample synced = monitor.firstInSyncAfter(slowStarted).orElseThrow();
      assertTrue(
          nextStopped - slowStarted >= SLOW_START.toMillis(),
          "the next member waited out the slow start: " + (nextStopped - slowStarted) + " ms");
      assertTrue(synced.millis() <= nextStopped, "in sync again before the next stop: " + synced);
      // The gate said why it waited: the leader with 1 of 2 followers in sync, then 2.
      List<String> leaderValues = syncedFollowersSeen(events, "h" + leader);
      assertTrue(
          leaderValues.contains("[1]") && leaderValues.contains("[2]"), leaderValues.toString());

      writer.stop();
      assertEquals(0, writer.failed(), writer.failures().toString());
      assertTrue(writer.ok() > 100, "the client wrote all along: " + writer.ok());
      assertEquals(0, writer.missingAcknowledged(), "every acknowledged write is there");
      figures("with the behaviour's gate", roll, writer);
    }
  }

  @Test
  @Order(5)
  void theQuorumCheckRefusesTheStopThatAWeakGateWouldAllow() throws Exception {
    int leader = zookeeper.leader();
    int first = leader == 1 ? 2 : 1;
    zookeeper.delayStart(first, SLOW_START);
    Path weak = playbook("cluster: zookeeper", instantGate());
    int before = zookeeper.events().size();
    CommandLineRun run = rollrun(weak.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    int second = 6 - leader - first;
    assertTrue(
        run.out()
            .contains(
                "h"
                    + second
                    + ": step pre-stop safe-to-stop [quorum] failed: not safe to stop (quorum): h"
                    + first),
        run.out());
    List<String> stopped =
        zookeeper.events().subList(before, zookeeper.events().size()).stream()
            .filter(e -> e.action().equals("stopping"))
            .map(MemberEvent::member)
            .toList();
    assertEquals(List.of("zk" + first), stopped, "only the first member was stopped");
  }

  @Test
  @Order(6)
  void withoutTheBehaviourAMemberIsStoppedWhileAnotherIsNotInSync() throws Exception {
    // The control: the same members, stop and start, as a plain service with no gate to speak of.
    int first = 1;
    zookeeper.delayStart(first, SLOW_START);
    Path plain = playbook("cluster: service", instantGate());
    Path events = dir.resolve("plain-events.jsonl");
    int before = zookeeper.events().size();
    try (EnsembleMonitor monitor = EnsembleMonitor.start(zookeeper);
        ZooKeeperWriter writer = ZooKeeperWriter.start(zookeeper.connectString(), "/plain")) {
      Roll roll = roll(writer, plain, events);
      assertEquals(0, roll.run.exitCode(), roll.run.out() + roll.run.err());
      // The roll "succeeded"; the ensemble had no quorum while it ran.
      zookeeper.awaitInSync(Duration.ofSeconds(60));
      Thread.sleep(1000);
      writer.stop();
      List<MemberEvent> rolled = zookeeper.events().subList(before, zookeeper.events().size());
      MemberEvent secondStop =
          rolled.stream()
              .filter(e -> e.action().equals("stopping"))
              .skip(1)
              .findFirst()
              .orElseThrow();
      EnsembleMonitor.Sample seen = monitor.before(secondStop.millis()).orElseThrow();
      assertTrue(
          seen.syncedFollowers() < 2,
          "the second member was stopped while the first was not in sync: " + seen);
      assertEquals(0, writer.missingAcknowledged(), "every acknowledged write is there");
      figures("plain service, no gate (control)", roll, writer);
    }
  }

  // -------------------------------------------------------------------------------- helpers --

  private record Roll(CommandLineRun run, Duration took) {}

  private Roll roll(ZooKeeperWriter writer, Path playbook, Path events) throws Exception {
    Thread.sleep(2000);
    long started = System.nanoTime();
    CommandLineRun run =
        rollrun(playbook.toString(), "--commit", "--yes", "--events", events.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Thread.sleep(2000);
    return new Roll(run, took);
  }

  private static void figures(String what, Roll roll, ZooKeeperWriter writer) {
    System.out.printf(
        "ZooKeeper roll (%s): %.1f s wall; writes ok %d, failed %d; longest write %d ms%n",
        what,
        roll.took.toMillis() / 1000.0,
        writer.ok(),
        writer.failed(),
        writer.longestWrite().toMillis());
  }

  /** The example playbook, with this fleet's members' scripts as the service. */
  private static Path playbook() throws IOException {
    return playbook(null, null);
  }

  /**
   * The example playbook with this fleet's scripts as the service; {@code cluster} and {@code
   * health} replace its own when given.
   */
  private static Path playbook(String cluster, String health) throws IOException {
    String example = Files.readString(Path.of("playbooks/zookeeper.yml"));
    String service = "service:\n  name: zookeeper";
    assertTrue(example.contains(service), "the example playbook names its service");
    String yaml =
        example.replaceFirst(
            "service:\n  name: zookeeper[^\n]*\n",
            "service:\n  stop: \"~/zk stop\"\n  start: \"~/zk start\"\n");
    if (cluster != null) {
      assertTrue(yaml.contains("\ncluster: zookeeper"), yaml);
      yaml = yaml.replaceFirst("\ncluster: zookeeper[^\n]*\n", "\n" + cluster + "\n");
      if (cluster.equals("cluster: service")) {
        yaml = yaml.replaceFirst("\nsettings:\n(  [^\n]*\n)+", "\n");
      }
    }
    if (health != null) {
      yaml = yaml + "\n" + health;
    }
    Path file = dir.resolve("zookeeper-" + System.nanoTime() + ".yml");
    Files.writeString(file, yaml);
    return file;
  }

  /** A gate that holds at once: as if the playbook had none. */
  private static String instantGate() {
    return """
        health:
          interval: 100ms
          consecutive: 1
          timeout: 10s
          all: [ { command: { run: "true", on: local } } ]
        """;
  }

  private static CommandLineRun rollrun(String... args) {
    return rollrun(inventory, args);
  }

  private static CommandLineRun rollrun(Path hosts, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--inventory", hosts.toString()));
    all.addAll(List.of("--known-hosts", fleet.knownHosts().toString()));
    all.addAll(List.of("--state-dir", dir.resolve("state-" + System.nanoTime()).toString()));
    return CommandLineRun.of(all.toArray(String[]::new));
  }

  /**
   * The behaviour's discovery, asked directly (no SSH) at the members' AdminServer on 127.0.0.1.
   */
  private static ClusterView discoverDirectly() throws Exception {
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("zookeeper_admin_port", zookeeper.adminPort(i));
      vars.put("zookeeper_id", i);
      hosts.add(new Host("h" + i, "127.0.0.1", 22, null, null, List.of(), null, null, vars));
    }
    NodeTaskContext context =
        new NodeTaskContext(
            null, new NoShell(), Shell.LineListener.NONE, Duration.ofSeconds(30), Redactor.NONE);
    return new ZooKeeperBehaviour().discover(context, new TaskArgs(Map.of("via", "direct")), hosts);
  }

  private static long startOf(List<MemberEvent> events, String member) {
    return events.stream()
        .filter(e -> e.member().equals(member) && e.action().equals("start"))
        .findFirst()
        .orElseThrow()
        .millis();
  }

  private static long stoppingOf(List<MemberEvent> events, String member) {
    return events.stream()
        .filter(e -> e.member().equals(member) && e.action().equals("stopping"))
        .findFirst()
        .orElseThrow()
        .millis();
  }

  /** Every value the gate saw for {@code host} in its "synced followers" condition, in order. */
  private static List<String> syncedFollowersSeen(Path events, String host) throws IOException {
    List<String> values = new ArrayList<>();
    for (String line : Files.readAllLines(events)) {
      JsonNode event = JSON.readTree(line);
      for (JsonNode observation : event.path("observations")) {
        if (!observation.path("condition").asText().equals("synced followers")) {
          continue;
        }
        for (JsonNode node : observation.path("nodes")) {
          if (node.path("host").asText().equals(host) && node.hasNonNull("value")) {
            values.add(node.path("value").asText());
          }
        }
      }
    }
    assertFalse(values.isEmpty(), "the gate observed synced followers");
    return values;
  }

  /** Discovery asks over HTTP only: a shell it must not use. */
  private static final class NoShell implements Shell {
    @Override
    public ShellResult run(Host host, ShellCommand command, LineListener lines) {
      throw new AssertionError("discovery ran a command: " + command);
    }

    @Override
    public String connect(Host host) {
      throw new AssertionError("discovery connected to " + host.name());
    }

    @Override
    public void close() {}
  }
}

package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.tests.fleet.IndexingClient;
import dev.rollrun.tests.fleet.OpenSearchCluster;
import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The elasticsearch behaviour against a real OpenSearch 2.19 cluster: three nodes, one process
 * each, every node behind a real OpenSSH host whose service stop and start are that node's process
 * (see {@link OpenSearchCluster}). The example playbook {@code playbooks/elasticsearch.yml} rolls
 * it while a client indexes and searches without pause; a roll killed (SIGKILL) while shard
 * allocation is held has the operator's setting put back by {@code rollrun recover} and is finished
 * by {@code rollrun resume}; then a roll without the behaviour's gate and hold, two nodes at a
 * time, shows what they prevent. One cluster for the whole class.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenSearchRollTest {

  private static final Path PLAYBOOK = Path.of("playbooks/elasticsearch.yml");
  private static final String INDEX = "orders";
  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");

  @TempDir static Path dir;

  static SshdFleet fleet;
  static OpenSearchCluster cluster;
  static Path inventory;

  @BeforeAll
  static void start() throws IOException {
    long begin = System.nanoTime();
    fleet = SshdFleet.start(3);
    try {
      cluster = OpenSearchCluster.start(fleet);
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
    System.out.printf(
        "OpenSearchRollTest: 3 SSH hosts and a green 3-node cluster in %.1fs%n",
        (System.nanoTime() - begin) / 1e9);
    StringBuilder hosts = new StringBuilder();
    hosts
        .append("defaults:\n")
        .append("  user: ")
        .append(fleet.user())
        .append('\n')
        .append("  identity: \"")
        .append(fleet.privateKey())
        .append("\"\n")
        .append("hosts:\n");
    for (OpenSearchCluster.Node node : cluster.nodes()) {
      hosts
          .append("  ")
          .append(node.name())
          .append(":\n")
          .append("    address: ")
          .append(node.host().address())
          .append('\n')
          .append("    port: ")
          .append(node.host().sshPort())
          .append('\n')
          .append("    vars: { elasticsearch_port: ")
          .append(node.httpPort())
          .append(" }\n");
    }
    inventory = dir.resolve("opensearch.yml");
    Files.writeString(inventory, hosts);
    cluster.ok(
        "PUT", "/" + INDEX, "{\"settings\": {\"number_of_shards\": 3, \"number_of_replicas\": 1}}");
    cluster.awaitGreen(Duration.ofMinutes(1));
  }

  @AfterAll
  static void stop() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (fleet != null) {
        fleet.close();
      }
    }
  }

  /** {@code rollrun ARGS} against the test cluster's hosts, with the node's service commands. */
  private static CommandLineRun rollrun(Path playbook, String... args) {
    Path state = dir.resolve("state-" + System.nanoTime());
    return CommandLineRun.of(rollArgs(playbook, state, args).toArray(String[]::new));
  }

  private static List<String> rollArgs(Path playbook, Path state, String... args) {
    List<String> all = new ArrayList<>(List.of(playbook.toString()));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "-i",
            inventory.toString(),
            "-e",
            "stop=" + OpenSearchCluster.serviceCommand("stop"),
            "-e",
            "start=" + OpenSearchCluster.serviceCommand("start"),
            "-e",
            "audit_log=" + dir.resolve("audit.log"),
            "--known-hosts",
            fleet.knownHosts().toString(),
            "--state-dir",
            state.toString()));
    return all;
  }

  private static List<ServiceEvent> stopsAndStartsSince(int before) {
    List<ServiceEvent> events = fleet.events();
    return events.subList(before, events.size());
  }

  private static JsonNode allocationSettings() {
    return cluster.ok("GET", "/_cluster/settings?flat_settings=true", null);
  }

  @Test
  @Order(1)
  void aDryRunAsksTheClusterAndSaysWhichNodeIsNotSafeToStopAndWhy() {
    // One shard without a replica: its only copy is on one node. Another that cannot be
    // fully allocated on three nodes: the cluster is yellow.
    cluster.ok(
        "PUT", "/scratch", "{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0}}");
    cluster.ok(
        "PUT",
        "/too-wide",
        "{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 3,"
            + " \"index.routing.allocation.total_shards_per_node\": 1}}");
    // Every copy that can be placed is started: what is left is the one replica that cannot.
    cluster.ok("GET", "/_cluster/health?wait_for_no_initializing_shards=true&timeout=60s", null);
    String alone =
        cluster
            .ok("GET", "/_cat/shards/scratch?format=json&h=node", null)
            .get(0)
            .path("node")
            .asText();
    String manager = cluster.clusterManager();
    int before = fleet.events().size();
    try {
      CommandLineRun run = rollrun(PLAYBOOK);

      assertEquals(3, run.exitCode(), run.out() + run.err());
      assertTrue(
          run.out().contains("elected cluster manager: " + manager + " on " + manager), run.out());
      assertTrue(run.out().contains(manager + ": " + manager + " (active, all)"), run.out());
      assertTrue(
          run.out()
              .contains(
                  alone
                      + "  safe to stop? (another started copy of each shard): no, stopping "
                      + alone
                      + " would leave 1 shard with no started copy: scratch[0] (primary)"),
          run.out());
      // On a busy machine a copy may still be initializing: the refusal says so in its counts.
      assertTrue(
          run.out()
              .contains("safe to stop? (cluster green): no, the cluster is yellow (1 unassigned,"),
          run.out());
      assertTrue(
          run.out().contains(" relocating shards); too-wide[0] replica unassigned"), run.out());
      assertEquals(List.of(), stopsAndStartsSince(before), "a dry run stops nothing");
    } finally {
      cluster.ok("DELETE", "/scratch,too-wide", null);
      cluster.awaitGreen(Duration.ofMinutes(1));
    }
  }

  @Test
  @Order(2)
  void theRollKeepsEveryWriteAndPutsTheOperatorsAllocationBackWithTheElectedManagerLast()
      throws IOException {
    // The operator's own setting, not the default: allocation off in the persistent settings,
    // on in the transient ones (which win). Putting back a blind "all" or null would change it.
    cluster.ok(
        "PUT",
        "/_cluster/settings",
        "{\"persistent\": {\"cluster.routing.allocation.enable\": \"none\"},"
            + " \"transient\": {\"cluster.routing.allocation.enable\": \"all\"}}");
    String manager = cluster.clusterManager();
    int before = fleet.events().size();
    IndexingClient.Counts counts;
    String searchFailure;
    CommandLineRun run;
    long began;
    long took;
    try (IndexingClient client = new IndexingClient(cluster, INDEX, 0)) {
      awaitWrites(client, 50);
      began = System.nanoTime();
      run = rollrun(PLAYBOOK, "--commit", "--yes");
      took = System.nanoTime() - began;
      counts = client.stop();
      searchFailure = client.lastSearchFailure();
      assertEquals(0, counts.failed(), counts + "; last failure: " + client.lastFailure());
    }
    System.out.printf(
        "OpenSearch roll: 3 nodes in %.1fs; during the roll: %s%n", took / 1e9, counts);

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(counts.acknowledged() > 100, counts.toString());
    assertEquals(0, counts.searchesFailed(), counts + "; last failure: " + searchFailure);
    cluster.ok("POST", "/" + INDEX + "/_refresh", null);
    assertEquals(
        counts.acknowledged(),
        cluster.ok("GET", "/" + INDEX + "/_count", null).path("count").asLong(),
        "every acknowledged write is there");

    List<ServiceEvent> events = stopsAndStartsSince(before);
    List<String> stops =
        events.stream().filter(ServiceEvent::isStop).map(ServiceEvent::host).toList();
    assertEquals(3, stops.size(), events.toString());
    assertEquals(Set.of("h1", "h2", "h3"), Set.copyOf(stops));
    assertEquals(manager, stops.get(2), "the elected cluster manager rolls last: " + events);
    for (int i = 0; i < events.size(); i += 2) {
      assertEquals(
          List.of(ServiceEvent.STOP, ServiceEvent.START),
          List.of(events.get(i).action(), events.get(i + 1).action()),
          "one node down at a time: " + events);
    }

    JsonNode settings = allocationSettings();
    assertEquals(
        "none", settings.path("persistent").path("cluster.routing.allocation.enable").asText());
    assertEquals(
        "all", settings.path("transient").path("cluster.routing.allocation.enable").asText());
    assertEquals("green", cluster.ok("GET", "/_cluster/health", null).path("status").asText());
    assertTrue(
        run.out()
            .contains("shard allocation held at primaries in transient (it was all (transient))"),
        run.out());
    assertTrue(run.out().contains("shard allocation put back to all (transient)"), run.out());
    assertFalse(run.out().contains("deprecation warning"), "OpenSearch's own words: " + run.out());
    List<String> audit = Files.readAllLines(dir.resolve("audit.log"));
    assertTrue(
        audit.get(audit.size() - 2).endsWith("elasticsearch rolling restart: started"),
        audit.toString());
    assertTrue(
        audit.get(audit.size() - 1).endsWith("elasticsearch rolling restart: done"),
        audit.toString());
  }

  @Test
  @Order(3)
  void aNodeThatDoesNotComeBackFailsTheRollWithTheOperatorsAllocationPutBack() throws IOException {
    // The playbook as it is, but a node that does not rejoin within 20s fails the roll.
    Path impatient = dir.resolve("impatient.yml");
    String playbook = Files.readString(PLAYBOOK);
    assertTrue(playbook.contains("rejoin-timeout: 10m"), "the example waits 10m");
    Files.writeString(
        impatient,
        playbook
            .replace("rejoin-timeout: 10m", "rejoin-timeout: 20s")
            .replace("../inventory/elasticsearch.yml", inventory.toString()));
    String manager = cluster.clusterManager();
    OpenSearchCluster.Node first =
        cluster.nodes().stream().filter(n -> !n.name().equals(manager)).findFirst().orElseThrow();
    Path failStart = first.host().dir().resolve("fail-start");
    Files.writeString(failStart, "");
    int before = fleet.events().size();
    try {
      CommandLineRun run = rollrun(impatient, "--commit", "--yes");

      assertEquals(3, run.exitCode(), run.out() + run.err());
      assertTrue(
          run.out()
              .contains(
                  first.name()
                      + " did not rejoin the cluster within 20s (shard allocation put back to all"
                      + " (transient))"),
          run.out());
      JsonNode settings = allocationSettings();
      assertEquals(
          "none", settings.path("persistent").path("cluster.routing.allocation.enable").asText());
      assertEquals(
          "all", settings.path("transient").path("cluster.routing.allocation.enable").asText());
      assertEquals(
          List.of(first.name() + ":stop", first.name() + ":start-failed"),
          stopsAndStartsSince(before).stream().map(e -> e.host() + ":" + e.action()).toList(),
          "no other node was touched");
    } finally {
      Files.deleteIfExists(failStart);
      fleet.run(first.host().index(), OpenSearchCluster.serviceCommand("start"));
      cluster.awaitGreen(Duration.ofMinutes(2));
    }
  }

  @Test
  @Order(4)
  void aRollKilledWhileAllocationIsHeldIsPutBackByRecoverAndFinishedByResume() throws Exception {
    // The operator's own setting, set here explicitly: off in persistent, on in transient (which
    // wins). A recover that put back a blind null would leave allocation off in the whole cluster.
    cluster.ok(
        "PUT",
        "/_cluster/settings",
        "{\"persistent\": {\"cluster.routing.allocation.enable\": \"none\"},"
            + " \"transient\": {\"cluster.routing.allocation.enable\": \"all\"}}");
    cluster.awaitGreen(Duration.ofMinutes(1));
    int before = fleet.events().size();
    Path state = dir.resolve("state-crash");
    Path log = dir.resolve("crashed-roll.log");
    long began = System.nanoTime();
    Process roll = dist(rollArgs(PLAYBOOK, state, "--commit", "--yes"), log);
    try {
      // SIGKILL once the first data node's stop has begun: the hold is set, the node goes down.
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (stopsAndStartsSince(before).stream().noneMatch(ServiceEvent::isStop)) {
        assertTrue(roll.isAlive(), "the roll ended before a stop: " + Files.readString(log));
        assertTrue(System.nanoTime() < deadline, "no node stopped: " + Files.readString(log));
        Thread.sleep(20);
      }
    } finally {
      roll.destroyForcibly().waitFor();
    }
    try {
      killedRecoveredAndResumed(log, state, before, began);
    } finally {
      // Whatever failed above, the next test gets three running nodes and allocation on.
      cluster.ok(
          "PUT",
          "/_cluster/settings",
          "{\"transient\": {\"cluster.routing.allocation.enable\": \"all\"}}");
      for (OpenSearchCluster.Node node : cluster.nodes()) {
        if (!cluster.running(node)) {
          fleet.run(node.host().index(), OpenSearchCluster.serviceCommand("start"));
        }
      }
      cluster.awaitGreen(Duration.ofMinutes(2));
      // While a node was down, allocation put back moved its copies to the other two: the next
      // test needs them spread again, two copies of the index on each node.
      awaitSpread(Duration.ofMinutes(2));
    }
  }

  /** Waits until each node holds two started copies of the index's shards, as at the start. */
  private static void awaitSpread(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Integer> copies = Map.of();
    while (System.nanoTime() < deadline) {
      Map<String, Integer> now = new HashMap<>();
      for (JsonNode shard :
          cluster.ok("GET", "/_cat/shards/" + INDEX + "?format=json&h=node,state", null)) {
        if ("STARTED".equals(shard.path("state").asText())) {
          now.merge(shard.path("node").asText(), 1, Integer::sum);
        }
      }
      copies = now;
      if (copies.size() == 3 && copies.values().stream().allMatch(n -> n == 2)) {
        cluster.awaitGreen(Duration.ofMinutes(1));
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the index's copies are not spread over the nodes: " + copies);
  }

  private static void killedRecoveredAndResumed(Path log, Path state, int before, long began)
      throws Exception {
    String crashed = Files.readString(log);
    assertTrue(
        crashed.contains(
            "shard allocation held at primaries in transient (it was all (transient))"),
        crashed);
    assertEquals("primaries", transientAllocation(), "the killed run left allocation held");
    String killed = stopsAndStartsSince(before).get(0).host();
    String runId;
    try (var runs = Files.list(state.resolve("runs"))) {
      List<Path> all = runs.toList();
      assertEquals(1, all.size(), all.toString());
      runId = all.get(0).getFileName().toString();
    }
    int beforeRecover = fleet.events().size();

    long recovering = System.nanoTime();
    String recovered = continueRun("recover", runId, state);
    System.out.printf(
        "OpenSearch recover after the kill: %.1fs%n", (System.nanoTime() - recovering) / 1e9);
    assertTrue(recovered.contains("shard allocation put back to all (transient)"), recovered);
    assertTrue(recovered.contains("every setting run " + runId + " left is put back"), recovered);
    JsonNode settings = allocationSettings();
    assertEquals(
        "none", settings.path("persistent").path("cluster.routing.allocation.enable").asText());
    assertEquals(
        "all", settings.path("transient").path("cluster.routing.allocation.enable").asText());
    assertEquals(List.of(), stopsAndStartsSince(beforeRecover), "recover starts and stops nothing");

    String resumed = continueRun("resume", runId, state);
    System.out.printf(
        "OpenSearch roll killed, recovered and resumed in %.1fs%n",
        (System.nanoTime() - began) / 1e9);
    assertTrue(resumed.contains("shard allocation put back to all (transient)"), resumed);
    List<ServiceEvent> events = stopsAndStartsSince(before);
    for (OpenSearchCluster.Node node : cluster.nodes()) {
      assertEquals(
          List.of(ServiceEvent.STOP, ServiceEvent.START),
          events.stream()
              .filter(e -> e.host().equals(node.name()))
              .map(ServiceEvent::action)
              .toList(),
          node.name() + " restarted once over the killed and the resumed run: " + events);
      assertTrue(cluster.running(node), node.name() + " runs");
    }
    assertEquals(killed, events.get(1).host(), "the killed run's node is started first: " + events);
    settings = allocationSettings();
    assertEquals(
        "none", settings.path("persistent").path("cluster.routing.allocation.enable").asText());
    assertEquals(
        "all", settings.path("transient").path("cluster.routing.allocation.enable").asText());
    assertEquals("green", cluster.ok("GET", "/_cluster/health", null).path("status").asText());
  }

  /** The built distribution's {@code rollrun ARGS}, a process of its own, its output in a file. */
  private static Process dist(List<String> args, Path output) throws IOException {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    List<String> command = new ArrayList<>(List.of(DIST.toString()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  /**
   * {@code rollrun COMMAND RUN-ID --yes} (recover, resume) on the state directory, as its own
   * process: its output, once it exited 0.
   */
  private static String continueRun(String command, String runId, Path state) throws Exception {
    Path output = dir.resolve(command + ".log");
    Process process =
        dist(
            List.of(
                command,
                runId,
                "--yes",
                "--known-hosts",
                fleet.knownHosts().toString(),
                "--state-dir",
                state.toString()),
            output);
    try {
      assertTrue(
          process.waitFor(3, TimeUnit.MINUTES),
          command + " did not end within 3m: " + Files.readString(output));
    } finally {
      process.destroyForcibly().waitFor();
    }
    String text = Files.readString(output);
    assertEquals(0, process.exitValue(), text);
    return text;
  }

  private static String transientAllocation() {
    return allocationSettings()
        .path("transient")
        .path("cluster.routing.allocation.enable")
        .asText();
  }

  @Test
  @Order(5)
  void withoutTheGateAndTheHoldTwoNodesGoDownTogetherAndTheClusterGoesRed() throws IOException {
    // Transient settings do not survive a cluster that lost its quorum: back to the defaults.
    cluster.ok(
        "PUT",
        "/_cluster/settings",
        "{\"persistent\": {\"cluster.routing.allocation.enable\": null},"
            + " \"transient\": {\"cluster.routing.allocation.enable\": null}}");
    Path unguarded = dir.resolve("unguarded.yml");
    Files.writeString(
        unguarded,
        """
        name: opensearch restart without the behaviour
        cluster: service
        vars: { stop: "", start: "", audit_log: "" }
        service:
          stop: "{{ vars.stop }}"
          start: "{{ vars.start }}"
        rollout:
          batch: 2
        health:
          interval: 200ms
          consecutive: 1
          timeout: 1m
          all:
            - command: { run: "~/opensearch-service status" }
        """);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              while (watching.get()) {
                for (OpenSearchCluster.Node node : cluster.nodes()) {
                  try {
                    OpenSearchCluster.Answer health =
                        cluster.call(
                            node,
                            "GET",
                            "/_cluster/health?local=true&timeout=1s",
                            null,
                            Duration.ofSeconds(3));
                    seen.add(
                        health.status() == 200
                            ? health.json().path("status").asText()
                            : "no cluster manager");
                  } catch (IOException e) {
                    // a stopped node: nothing to say about the cluster
                  }
                }
              }
            },
            "health-watcher");
    watcher.setDaemon(true);
    IndexingClient.Counts counts;
    CommandLineRun run;
    try (IndexingClient client = new IndexingClient(cluster, INDEX, 1_000_000)) {
      awaitWrites(client, 50);
      watcher.start();
      run = rollrun(unguarded, "--commit", "--yes");
      counts = client.stop();
    } finally {
      watching.set(false);
    }
    System.out.printf("OpenSearch roll without the gate: %s; health seen: %s%n", counts, seen);

    assertEquals(0, run.exitCode(), "the roll itself saw nothing wrong: " + run.out());
    assertTrue(
        seen.contains("red") || seen.contains("no cluster manager"),
        "the cluster was red or without a cluster manager: " + seen);
    // A client that sends a refused write again to another node may still get it in; the writes
    // that needed it (or failed) are what the unguarded roll did to the client.
    assertTrue(
        counts.failed() > 0 || counts.retried() > 0,
        "writes failed or had to be sent again: " + counts);
    cluster.awaitGreen(Duration.ofMinutes(3));
  }

  /** Waits until the client has written {@code count} documents (it is really writing). */
  private static void awaitWrites(IndexingClient client, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.counts().acknowledged() < count) {
      assertTrue(
          System.nanoTime() < deadline, "the client does not write: " + client.lastFailure());
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

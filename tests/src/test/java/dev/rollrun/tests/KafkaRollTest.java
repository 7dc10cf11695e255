package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Host;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.core.plugin.PluginHost;
import dev.rollrun.core.plugin.PluginSource;
import dev.rollrun.core.plugin.Plugins;
import dev.rollrun.tests.fleet.KafkaCluster;
import dev.rollrun.tests.fleet.KafkaTraffic;
import dev.rollrun.tests.fleet.KafkaWatch;
import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kafka behaviour on a real 3-node Kafka KRaft cluster (combined brokers and controllers), each
 * node behind an OpenSSH host whose service is its broker. One cluster serves every test, in order.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaRollTest {

  private static SshdFleet fleet;
  private static KafkaCluster kafka;
  private static ClusterBehaviour behaviour;

  /** The topic written during the gated roll, and during the roll without the gate. */
  private static final String GATED = "gated";

  private static final String UNGATED = "ungated";

  /** How often the producer sends a record. */
  private static final Duration SEND_EVERY = Duration.ofMillis(20);

  private static Duration gatedWall = Duration.ofDays(1);
  private static KafkaTraffic.Result gated;
  private static int gatedUnavailable;
  private static final List<Long> recoveries = new java.util.ArrayList<>();

  @BeforeAll
  static void startCluster() {
    long began = System.nanoTime();
    fleet = SshdFleet.start(3);
    kafka = KafkaCluster.start(fleet);
    System.err.printf(
        "KafkaRollTest: cluster up in %d ms%n", (System.nanoTime() - began) / 1_000_000);
    Plugins plugins =
        PluginHost.load(
            List.of(
                PluginSource.plugin(
                    Path.of(
                        System.getProperty("rollrun.plugins").split(java.io.File.pathSeparator)[1]),
                    "test")));
    behaviour = plugins.behaviours().find("kafka").orElseThrow();
    kafka.createTopic(GATED, 6);
    kafka.createTopic(UNGATED, 6);
    kafka.awaitHealthy(Duration.ofSeconds(60));
  }

  /** The fleet's hosts as the inventory gives them, without broker ids. */
  private static List<Host> hosts() {
    return List.of(1, 2, 3).stream()
        .map(
            i ->
                new Host(
                    "h" + i,
                    fleet.address(i),
                    fleet.port(i),
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    Map.of()))
        .toList();
  }

  private static Path playbook(String name, String yaml) throws java.io.IOException {
    Path file = fleet.dir().resolve(name);
    java.nio.file.Files.writeString(file, yaml);
    return file;
  }

  private static CommandLineRun roll(Path playbook, boolean commit) {
    List<String> args = new java.util.ArrayList<>();
    args.add(playbook.toString());
    if (commit) {
      args.addAll(List.of("--commit", "--yes"));
    }
    args.addAll(
        List.of(
            "--known-hosts",
            fleet.knownHosts().toString(),
            "--state-dir",
            fleet.dir().resolve("state-" + playbook.getFileName()).toString()));
    return CommandLineRun.of(args.toArray(String[]::new));
  }

  private static void awaitUnderReplicated(String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var snapshot = kafka.snapshot();
      if (snapshot.isPresent()
          && snapshot.get().underReplicated().stream().anyMatch(p -> p.startsWith(topic + "-"))) {
        return;
      }
      sleep(Duration.ofMillis(300));
    }
    throw new AssertionError("no partition of " + topic + " became under-replicated");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      if (fleet != null) {
        fleet.close();
      }
    }
  }

  @Test
  @Order(1)
  void discoveryFindsEveryBrokerOnItsHostAndTheQuorumLeader() throws Exception {
    List<Host> hosts = hosts();
    ClusterView view =
        behaviour.discover(NO_NODE, new TaskArgs(Map.of("port", kafka.port())), hosts);
    System.err.println(view);
    int leader = kafka.quorumLeader();
    assertEquals(3, view.members().size(), view.toString());
    for (ClusterMember member : view.members()) {
      assertEquals("h" + member.id(), member.host(), view.toString());
      assertTrue(member.roles().contains("broker"), member.toString());
      assertTrue(member.roles().contains("controller"), member.toString());
      assertEquals(
          Integer.parseInt(member.id()) == leader, member.roles().contains("quorum-leader"));
      assertEquals(Integer.parseInt(member.id()), member.facts().get("broker_id"));
    }
    assertTrue(view.notes().get(0).contains("leader " + leader), view.notes().toString());
  }

  @Test
  @Order(2)
  void aBrokerWhosePartitionsWouldFallBelowMinIsrIsNotStoppedDryRunOrCommit() throws Exception {
    kafka.stopBroker(3);
    try {
      awaitUnderReplicated(GATED);
      Path inventory = kafka.inventory("kafka-refusal.yml", Map.of(), Map.of());
      Path playbook =
          playbook(
              "refusal.yml",
              """
              name: kafka roll refused
              cluster: kafka
              inventory: %s
              hosts: [h1, h2]
              service: { stop: "%s", start: "%s" }
              settings: { port: %d }
              health:                     # not the URP gate: the predicate alone must refuse
                interval: 200ms
                consecutive: 1
                timeout: 10s
                all: [ { tcp: { port: %d } } ]
              """
                  .formatted(
                      inventory,
                      kafka.serviceCommand("stop"),
                      kafka.serviceCommand("start"),
                      kafka.port(),
                      kafka.port()));
      int events = kafka.events().size();

      CommandLineRun dryRun = roll(playbook, false);
      assertEquals(3, dryRun.exitCode(), dryRun.out() + dryRun.err());
      for (String host : List.of("h1", "h2")) {
        assertTrue(
            dryRun.out().contains(host + "  safe to stop? (in-sync replicas): no, "), dryRun.out());
      }
      assertTrue(
          dryRun.out().contains(GATED + "-0 (in sync [")
              && dryRun.out().contains("min.insync.replicas 2)"),
          "the refusal names the partition: " + dryRun.out());

      System.err.println(
          "KafkaRollTest: the dry run with broker 3 down:\n"
              + dryRun
                  .out()
                  .lines()
                  .filter(l -> l.contains("safe to stop?"))
                  .collect(java.util.stream.Collectors.joining("\n")));
      CommandLineRun commit = roll(playbook, true);
      assertEquals(3, commit.exitCode(), commit.out() + commit.err());
      String all = commit.out() + commit.err();
      assertTrue(all.contains("not safe to stop (in-sync replicas)"), all);
      assertTrue(all.contains(GATED + "-0 (in sync ["), "the refusal names the partition: " + all);
      assertEquals(events, kafka.events().size(), "no broker was stopped: " + kafka.events());
    } finally {
      kafka.startBroker(3);
      kafka.awaitHealthy(Duration.ofSeconds(120));
    }
  }

  @Test
  @Order(3)
  void theKafkaPlaybookRollsEveryBrokerOnceLeaderLastWithoutOneFailedSend() throws Exception {
    int leader = kafka.quorumLeader();
    // The inventory names neither broker ids nor the leader: rollrun asks the cluster.
    Path inventory = kafka.inventory("kafka-gated.yml", Map.of(), Map.of());
    Path playbook =
        playbook(
            "gated.yml",
            """
            name: kafka roll under load
            cluster: kafka
            inventory: %s
            service: { stop: "%s", start: "%s" }
            settings: { port: %d }
            health:             # the kafka behaviour's conditions, checked faster than its 12 x 10s
              interval: 1s
              consecutive: 5
              timeout: 180s
            """
                .formatted(
                    inventory,
                    kafka.serviceCommand("stop"),
                    kafka.serviceCommand("start"),
                    kafka.port()));
    int before = kafka.events().size();
    KafkaTraffic traffic = KafkaTraffic.start(kafka.bootstrap(), GATED, SEND_EVERY);
    KafkaWatch watch = KafkaWatch.start(kafka, 3, GATED, 2, Duration.ofMillis(500));
    long began = System.nanoTime();
    CommandLineRun run;
    KafkaTraffic.Result result;
    try {
      sleep(Duration.ofSeconds(2)); // traffic before the roll
      run = roll(playbook, true);
      gatedWall = Duration.ofNanos(System.nanoTime() - began);
      sleep(Duration.ofSeconds(2)); // and after it
    } finally {
      result = traffic.stop(Duration.ofSeconds(60));
      watch.close();
    }
    gated = result;
    gatedUnavailable = watch.unavailable().size();
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out().contains("the kafka cluster says:")
            && run.out()
                .contains("h" + leader + ": " + leader + " (broker, controller, quorum-leader"),
        "the roll asked the cluster which broker runs where and which one leads: " + run.out());

    List<ServiceEvent> events = kafka.events().subList(before, kafka.events().size());
    List<String> expectedOrder = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      if (i != leader) {
        expectedOrder.add("h" + i);
      }
    }
    expectedOrder.add("h" + leader);
    List<String> expectedEvents = new java.util.ArrayList<>();
    expectedOrder.forEach(
        h -> expectedEvents.addAll(List.of(h + " stopping", h + " stop", h + " start")));
    assertEquals(
        expectedEvents,
        events.stream().map(e -> e.host() + " " + e.action()).toList(),
        "each broker restarted exactly once, by broker id, the quorum leader last");
    assertTrue(result.acked() > 0, result.toString());
    assertEquals(0, result.failed(), "no send failed: " + result);
    assertEquals(List.of(), result.notConsumed(), "every acknowledged record read back: " + result);
    assertEquals(0, gatedUnavailable, "no partition ever refused an acks=all write");

    // The gate really waited: after each broker's start the cluster was seen not healthy (there
    // was something to wait for), and the next broker was stopped only once it was healthy again.
    List<KafkaWatch.Sample> samples = watch.samples();
    for (int i = 0; i < 2; i++) {
      long started = events.get(3 * i + 2).millis();
      long nextStop = events.get(3 * i + 3).millis();
      List<KafkaWatch.Sample> between =
          samples.stream().filter(x -> x.millis() > started && x.until() < nextStop).toList();
      assertTrue(
          between.stream().anyMatch(x -> !x.healthy()),
          "the cluster was not healthy right after " + expectedOrder.get(i) + " started");
      KafkaWatch.Sample last = between.get(between.size() - 1);
      assertTrue(
          last.healthy(),
          expectedOrder.get(i + 1)
              + " was stopped before the cluster was healthy again: "
              + between);
      recoveries.add(
          between.stream().filter(KafkaWatch.Sample::healthy).findFirst().orElseThrow().millis()
              - started);
    }
    System.err.printf(
        "KafkaRollTest: gated roll %d ms (brokers back in sync %s ms after their start); %s;"
            + " samples with a partition refusing acks=all writes: %d of %d%n",
        gatedWall.toMillis(), recoveries, result, gatedUnavailable, samples.size());
  }

  @Test
  @Order(4)
  void theSameRollWithoutTheGateIsSeenToHurtWrites() throws Exception {
    kafka.awaitHealthy(Duration.ofSeconds(120));
    Path inventory = kafka.inventory("kafka-ungated.yml", Map.of(), Map.of());
    Path playbook =
        playbook(
            "ungated.yml",
            """
            name: kafka stop/start only
            cluster: service
            inventory: %s
            service: { stop: "%s", start: "%s" }
            health:             # no URP gate: the next broker as soon as the last one was started
              interval: 100ms
              consecutive: 1
              timeout: 10s
              all: [ { command: { run: "true" } } ]
            """
                .formatted(inventory, kafka.serviceCommand("stop"), kafka.serviceCommand("start")));
    KafkaTraffic traffic = KafkaTraffic.start(kafka.bootstrap(), UNGATED, SEND_EVERY);
    KafkaWatch watch = KafkaWatch.start(kafka, 3, UNGATED, 2, Duration.ofMillis(500));
    long began = System.nanoTime();
    CommandLineRun run;
    KafkaTraffic.Result result;
    Duration wall;
    try {
      sleep(Duration.ofSeconds(2));
      run = roll(playbook, true);
      wall = Duration.ofNanos(System.nanoTime() - began);
      kafka.awaitHealthy(Duration.ofSeconds(180));
    } finally {
      result = traffic.stop(Duration.ofSeconds(60));
      watch.close();
    }
    assertEquals(0, run.exitCode(), run.out() + run.err());
    int unavailable = watch.unavailable().size();
    System.err.printf(
        "KafkaRollTest: roll without the gate %d ms; %s; samples with a partition refusing"
            + " acks=all writes: %d of %d (first: %s)%n",
        wall.toMillis(),
        result,
        unavailable,
        watch.samples().size(),
        watch.unavailable().isEmpty() ? "none" : watch.unavailable().get(0).unavailable());
    assertTrue(
        result.failed() > 0 || unavailable > 0,
        "a roll without the gate must be seen to hurt: " + result);
    assertTrue(wall.compareTo(gatedWall) < 0, "without the gate the roll does not wait");
  }

  /** The context of a cluster-wide call: no node. */
  private static final TaskContext NO_NODE =
      new TaskContext() {
        @Override
        public Host host() {
          return null;
        }

        @Override
        public CommandOutput run(String command) {
          throw new IllegalStateException("no node");
        }

        @Override
        public CommandOutput run(String command, Duration timeout) {
          throw new IllegalStateException("no node");
        }

        @Override
        public InetSocketAddress tunnel(Host host, int port) {
          throw new IllegalStateException("no tunnel");
        }

        @Override
        public HttpReply httpGet(String url) {
          throw new IllegalStateException("no HTTP");
        }

        @Override
        public HttpReply httpPost(String url, String body, String contentType) {
          throw new IllegalStateException("no HTTP");
        }

        @Override
        public void log(String message) {}

        @Override
        public void fail(String message) {
          throw new IllegalStateException(message);
        }
      };
}

package dev.rollrun.tests.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real OpenSearch 2.19 cluster behind the hosts of an {@link SshdFleet}: one node per host, one
 * OS process per node (the jars of Maven Central, started by {@code tests/opensearch-node}), bound
 * to the host's own loopback address, named like the host ({@code h1} ...).
 *
 * <p>Each host's service is its node: {@code ~/opensearch-service start|stop|status} on the host
 * (over SSH, as a playbook's stop and start commands run it) starts the node in the background and
 * returns, stops it with SIGTERM (an orderly close, as a service manager does) and waits until it
 * is gone. Starts and stops are logged to the fleet's {@link SshdFleet#events() event log}, the pid
 * in the host's {@code opensearch.pid}; a {@code fail-start} file in the host's directory makes the
 * next start fail.
 *
 * <p>{@link #close()} kills every node process this cluster ever started (by pid file and event
 * log, after checking its command line names the fleet), all at once; a fleet left behind by a
 * killed test JVM has its nodes reaped with its other processes.
 *
 * <p>Needs the fixture's class path ({@code rollrun.test.opensearch}: {@code classes/} and {@code
 * lib/}), which the build makes in {@code tests/opensearch-node/target}.
 */
public final class OpenSearchCluster implements AutoCloseable {

  /** A node that starts alone waits 30 s for its peers: all of them start together. */
  private static final Duration START = Duration.ofMinutes(3);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final SshdFleet fleet;
  private final List<Node> nodes = new ArrayList<>();

  /** One node: its host, ports and home. */
  public record Node(SshdHost host, int httpPort, int transportPort, Path home) {

    public String name() {
      return host.name();
    }

    public String url() {
      return "http://" + host.address() + ":" + httpPort;
    }

    Path script() {
      return host.dir().resolve("opensearch-service");
    }

    Path pidFile() {
      return host.dir().resolve("opensearch.pid");
    }
  }

  private OpenSearchCluster(SshdFleet fleet) {
    this.fleet = fleet;
  }

  /** Starts a node on every host of {@code fleet} and waits until the cluster is green. */
  public static OpenSearchCluster start(SshdFleet fleet) {
    OpenSearchCluster cluster = new OpenSearchCluster(fleet);
    try {
      cluster.install();
      Processes.forEachParallel(cluster.nodes, node -> cluster.service(node, "start"));
      cluster.awaitGreen(START);
      return cluster;
    } catch (RuntimeException e) {
      try {
        cluster.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static Path classPathRoot() {
    String root = System.getProperty("rollrun.test.opensearch");
    if (root == null || !Files.isDirectory(Path.of(root, "lib"))) {
      throw new IllegalStateException(
          "no OpenSearch node class path: build tests/opensearch-node first"
              + " (./mvnw -pl tests -am test-compile), which rollrun.test.opensearch names ("
              + root
              + ")");
    }
    return Path.of(root);
  }

  private void install() {
    Path root = classPathRoot();
    String classPath = root.resolve("classes") + ":" + root.resolve("lib") + "/*";
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (SshdHost host : fleet.hosts()) {
      int[] ports = FleetNetwork.freePorts(host.address(), 2);
      nodes.add(new Node(host, ports[0], ports[1], host.dir().resolve("node")));
    }
    String seeds =
        nodes.stream()
            .map(n -> "\"" + n.host().address() + ":" + n.transportPort() + "\"")
            .collect(Collectors.joining(", "));
    String names = nodes.stream().map(Node::name).collect(Collectors.joining(", ", "[", "]"));
    for (Node node : nodes) {
      try {
        Files.createDirectories(node.home().resolve("config"));
        Files.writeString(
            node.home().resolve("config/opensearch.yml"),
            """
            # Node %1$s of a test cluster (written by OpenSearchCluster).
            cluster.name: rollrun-test
            node.name: %1$s
            network.host: %2$s
            http.port: %3$d
            transport.port: %4$d
            discovery.seed_hosts: [%5$s]
            cluster.initial_cluster_manager_nodes: %6$s
            path.data: %7$s/data
            path.logs: %7$s/logs
            # The disk is shared with everything else on the machine: never keep replicas off it.
            cluster.routing.allocation.disk.threshold_enabled: false
            node.processors: 1
            """
                .formatted(
                    node.name(),
                    node.host().address(),
                    node.httpPort(),
                    node.transportPort(),
                    seeds,
                    names,
                    node.home()));
        Files.writeString(
            node.script(),
            """
            #!/bin/bash
            # start|stop|status of OpenSearch node %1$s (written by OpenSearchCluster).
            set -u
            home=%2$s
            pidfile=%3$s
            events=%4$s
            running() { [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
            case "${1:-}" in
              start)
                if [[ -f %5$s/fail-start ]]; then
                  echo "$(date +%%s%%3N) %1$s start-failed 0" >>"$events"
                  echo "%1$s: the node is made to fail its start (fail-start)" >&2
                  exit 1
                fi
                if running; then echo "%1$s: already running"; exit 0; fi
                mkdir -p "$home/tmp"
                setsid %6$s -Xms256m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \\
                  -XX:-UsePerfData -Djava.io.tmpdir="$home/tmp" -Dlog4j2.disable.jmx=true \\
                  -cp '%7$s' dev.rollrun.tests.opensearch.OpenSearchNode "$home" \\
                  >>"$home/node.log" 2>&1 </dev/null &
                echo $! >"$pidfile"
                echo "$(date +%%s%%3N) %1$s start $!" >>"$events"
                ;;
              stop)
                if ! running; then echo "%1$s: not running"; exit 0; fi
                pid=$(cat "$pidfile")
                echo "$(date +%%s%%3N) %1$s stop $pid" >>"$events"
                kill -TERM "$pid"
                for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
                rm -f "$pidfile"
                ;;
              status) running ;;
              *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
            esac
            """
                .formatted(
                    node.name(),
                    Processes.shellQuote(node.home().toString()),
                    Processes.shellQuote(node.pidFile().toString()),
                    Processes.shellQuote(fleet.eventLog().toString()),
                    Processes.shellQuote(node.host().dir().toString()),
                    Processes.shellQuote(java),
                    classPath));
        Files.setPosixFilePermissions(node.script(), PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot install OpenSearch node " + node.name(), e);
      }
    }
  }

  /** Runs the node's service script locally, as its host would. */
  private void service(Node node, String action) {
    ProcessBuilder builder = new ProcessBuilder("bash", node.script().toString(), action);
    builder.environment().put("HOME", node.host().dir().toString());
    CommandResult result = Processes.run(builder, Duration.ofSeconds(60));
    if (!result.ok()) {
      throw new IllegalStateException(node.name() + ": " + result.describe());
    }
  }

  // ------------------------------------------------------------------------------ the nodes --

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  public Node node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The command a playbook runs on a host to stop or start its node: {@code ~/opensearch-service}.
   */
  public static String serviceCommand(String action) {
    return "~/opensearch-service " + action;
  }

  /** Whether the node's process runs. */
  public boolean running(Node node) {
    return pid(node).isPresent();
  }

  private Optional<Long> pid(Node node) {
    return DemoServices.readPid(node.pidFile()).filter(this::isOurs);
  }

  private boolean isOurs(long pid) {
    return Processes.isAlive(pid)
        && Processes.commandLine(pid).contains(fleet.dir().toString() + "/");
  }

  // ------------------------------------------------------------------------------ the API --

  /** An answer of the cluster: its status and body. */
  public record Answer(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  /** {@code method path} on the first node that answers, with a JSON body or none. */
  public Answer call(String method, String path, String body) {
    IOException last = null;
    for (Node node : nodes) {
      try {
        return call(node, method, path, body, Duration.ofSeconds(30));
      } catch (IOException e) {
        last = e;
      }
    }
    throw new UncheckedIOException("no OpenSearch node answered " + method + " " + path, last);
  }

  public Answer call(Node node, String method, String path, String body, Duration timeout)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(timeout);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** {@code method path} that must answer 2xx; its JSON. */
  public JsonNode ok(String method, String path, String body) {
    Answer answer = call(method, path, body);
    if (answer.status() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + ": " + answer.status() + " " + answer.body());
    }
    return answer.json();
  }

  /** The name of the elected cluster manager. */
  public String clusterManager() {
    return ok("GET", "/_cat/cluster_manager?format=json", null).get(0).path("node").asText();
  }

  /** Waits until every node answers green with all of them in the cluster. */
  public void awaitGreen(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Set<String> seen = new HashSet<>();
      for (Node node : nodes) {
        try {
          Answer health =
              call(node, "GET", "/_cluster/health?timeout=1s", null, Duration.ofSeconds(5));
          JsonNode json = health.json();
          last = node.name() + ": " + health.body();
          if (health.status() == 200
              && "green".equals(json.path("status").asText())
              && json.path("number_of_nodes").asInt() == nodes.size()
              && json.path("relocating_shards").asInt() == 0
              && json.path("initializing_shards").asInt() == 0) {
            seen.add(node.name());
          }
        } catch (IOException | UncheckedIOException e) {
          last = node.name() + ": " + e.getMessage();
        }
      }
      if (seen.size() == nodes.size()) {
        return;
      }
      for (Node node : nodes) {
        if (!running(node) && !Files.exists(node.host().dir().resolve("fail-start"))) {
          // a node that died is worth knowing about at once
          last = node.name() + " is not running; " + last;
        }
      }
      Processes.sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "the OpenSearch cluster is not green after "
            + timeout.toSeconds()
            + "s: "
            + last
            + "; logs in "
            + nodes.get(0).home().getParent().getParent());
  }

  // ------------------------------------------------------------------------------ cleanup --

  /** Kills every node process this cluster started, all at once (never one by one: quorum). */
  @Override
  public void close() {
    Set<Long> pids = new HashSet<>();
    for (Node node : nodes) {
      DemoServices.readPid(node.pidFile()).ifPresent(pids::add);
    }
    if (Files.exists(fleet.eventLog())) {
      fleet.events().forEach(e -> pids.add(e.pid()));
    }
    List<ProcessHandle> processes =
        pids.stream()
            .filter(this::isOurs)
            .filter(pid -> Processes.commandLine(pid).contains("OpenSearchNode"))
            .map(ProcessHandle::of)
            .flatMap(Optional::stream)
            .toList();
    if (!Processes.killAll(processes, Duration.ofSeconds(20))) {
      throw new IllegalStateException("OpenSearch nodes survived SIGKILL: " + processes);
    }
  }
}

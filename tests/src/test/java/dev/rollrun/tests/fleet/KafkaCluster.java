package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka KRaft cluster on the hosts of an {@link SshdFleet}: on host {@code hN} a combined
 * broker and controller with {@code node.id=N}, listening on the host's own address (the same
 * listener, controller and JMX ports on every host, as in production), JMX served on that address
 * only. Each host's "service" is its broker: {@code ~/kafka-svc start|stop|status} over SSH (see
 * {@code kafka-svc.bash}), every start and stop logged to one {@link #events() event log}.
 *
 * <p>The brokers run Maven Central's Kafka jars (module {@code tests/kafka-broker}, class path in
 * the system property {@code rollrun.test.kafka.classpath}); {@link #close()} kills every broker it
 * or rollrun started, all at once (a cluster stopped one broker at a time loses its quorum and its
 * last brokers hang).
 */
public final class KafkaCluster implements AutoCloseable {

  public static final String CLASSPATH_PROPERTY = "rollrun.test.kafka.classpath";
  private static final String EVENT_LOG = "kafka-events.log";
  private static final Duration START = Duration.ofSeconds(150);

  private final SshdFleet fleet;
  private final int port;
  private final int controllerPort;
  private final int jmxPort;
  private volatile Admin admin;

  private KafkaCluster(SshdFleet fleet, int[] ports) {
    this.fleet = fleet;
    this.port = ports[0];
    this.controllerPort = ports[1];
    this.jmxPort = ports[2];
  }

  /** Formats and starts one broker per fleet host, all together, and waits until they serve. */
  public static KafkaCluster start(SshdFleet fleet) {
    KafkaCluster cluster = new KafkaCluster(fleet, commonFreePorts(fleet.addresses(), 3));
    try {
      cluster.install();
      cluster.format();
      Processes.forEachParallel(
          List.of(1, 2, 3).subList(0, fleet.size()), n -> cluster.local(n, "start"));
      cluster.awaitHealthy(START);
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

  // ---------------------------------------------------------------------------- set-up --

  private void install() {
    String classpath = System.getProperty(CLASSPATH_PROPERTY);
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + CLASSPATH_PROPERTY
              + " is not set: run the tests through Maven, which builds tests/kafka-broker");
    }
    String voters =
        fleet.hosts().stream()
            .map(h -> h.index() + "@" + h.address() + ":" + controllerPort)
            .collect(Collectors.joining(","));
    String body = resource("kafka-svc.bash");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (SshdHost h : fleet.hosts()) {
      Path dir = kafkaDir(h);
      try {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(config(h), serverProperties(h, voters));
        String header =
            "#!/bin/bash\n"
                + "# The Kafka broker of fleet host "
                + h.name()
                + " (written by KafkaCluster).\n"
                + assignment("HOST_ID", h.name())
                + assignment("ADDR", h.address())
                + assignment("JMX_PORT", Integer.toString(jmxPort))
                + assignment("DIR", dir.toString())
                + assignment("CONFIG", config(h).toString())
                + assignment("EVENTS", eventLog().toString())
                + assignment("JAVA", java)
                + assignment("CLASSPATH", classpath)
                + assignment(
                    "JAVA_OPTS",
                    "-Xms64m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
                        + " -Dorg.apache.logging.log4j.level=WARN");
        Path svc = h.dir().resolve("kafka-svc");
        Files.writeString(svc, header + body);
        Files.setPosixFilePermissions(svc, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot install Kafka on " + h.name(), e);
      }
    }
    try {
      Files.writeString(eventLog(), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String serverProperties(SshdHost h, String voters) {
    return String.join(
            "\n",
            "node.id=" + h.index(),
            "process.roles=broker,controller",
            "listeners=PLAINTEXT://"
                + h.address()
                + ":"
                + port
                + ",CONTROLLER://"
                + h.address()
                + ":"
                + controllerPort,
            "advertised.listeners=PLAINTEXT://" + h.address() + ":" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "controller.quorum.voters=" + voters,
            "log.dirs=" + kafkaDir(h).resolve("data"),
            "num.partitions=6",
            "default.replication.factor=3",
            "min.insync.replicas=2",
            "offsets.topic.replication.factor=3",
            "offsets.topic.num.partitions=6",
            "transaction.state.log.replication.factor=3",
            "transaction.state.log.min.isr=2",
            "transaction.state.log.num.partitions=6",
            "share.coordinator.state.topic.replication.factor=3",
            "share.coordinator.state.topic.min.isr=2",
            "group.initial.rebalance.delay.ms=0",
            "log.cleaner.dedupe.buffer.size=8388608",
            // two cores shared by three brokers and the tests
            "num.network.threads=2",
            "num.io.threads=2",
            "background.threads=2",
            "num.recovery.threads.per.data.dir=1",
            "")
        + "\n";
  }

  private void format() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.apache.logging.log4j.level=WARN",
            "-cp",
            System.getProperty(CLASSPATH_PROPERTY),
            "dev.rollrun.tests.kafka.FormatStorage",
            Uuid.randomUuid().toString()));
    fleet.hosts().forEach(h -> command.add(config(h).toString()));
    Processes.check(command, Duration.ofSeconds(120));
  }

  /** Ports free on every one of the addresses. */
  private static int[] commonFreePorts(List<String> addresses, int count) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int[] ports = new int[count];
    for (int i = 0; i < count; i++) {
      for (int attempt = 0; ; attempt++) {
        int candidate = 20000 + random.nextInt(30000);
        boolean taken = false;
        for (int j = 0; j < i; j++) {
          taken |= ports[j] == candidate;
        }
        if (!taken && addresses.stream().allMatch(a -> bindable(a, candidate))) {
          ports[i] = candidate;
          break;
        }
        if (attempt > 200) {
          throw new IllegalStateException("no port free on all of " + addresses);
        }
      }
    }
    return ports;
  }

  private static boolean bindable(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------- facts --

  /** The listener port of every broker. */
  public int port() {
    return port;
  }

  /** The JMX port of every broker (on its host's address). */
  public int jmxPort() {
    return jmxPort;
  }

  /** {@code 127.X.Y.1:P,127.X.Y.2:P,...}. */
  public String bootstrap() {
    return fleet.addresses().stream().map(a -> a + ":" + port).collect(Collectors.joining(","));
  }

  /** The command that controls a host's broker, as run over SSH: {@code ~/kafka-svc ACTION}. */
  public String serviceCommand(String action) {
    return "~/kafka-svc " + action;
  }

  /**
   * A rollrun inventory of the fleet's hosts (role {@code kafka}) with each broker's JMX port
   * ({@code jmx_port}); {@code extraVars} are added to host {@code hN}'s vars (YAML, e.g. {@code
   * broker.id: 2}), {@code extraRoles} to its roles.
   */
  public Path inventory(
      String name, Map<Integer, String> extraVars, Map<Integer, List<String>> extraRoles) {
    StringBuilder out = new StringBuilder("# The Kafka hosts of a test fleet (KafkaCluster)\n");
    out.append("defaults:\n  user: ")
        .append(FleetFiles.yaml(fleet.user()))
        .append("\n  identity: ")
        .append(FleetFiles.yaml(fleet.privateKey().toString()))
        .append("\n  vars: { jmx_port: ")
        .append(jmxPort)
        .append(" }\nhosts:\n");
    for (SshdHost h : fleet.hosts()) {
      out.append("  ").append(h.name()).append(":\n");
      out.append("    address: ").append(h.address()).append('\n');
      out.append("    port: ").append(h.sshPort()).append('\n');
      List<String> roles = new ArrayList<>(List.of("kafka"));
      roles.addAll(extraRoles.getOrDefault(h.index(), List.of()));
      out.append("    roles: [").append(String.join(", ", roles)).append("]\n");
      String extra = extraVars.get(h.index());
      if (extra != null) {
        out.append("    vars: { ").append(extra).append(" }\n");
      }
    }
    Path file = fleet.dir().resolve(name);
    SshdHost.write(file, out.toString());
    return file;
  }

  /** Every broker start and stop so far, in order. */
  public List<ServiceEvent> events() {
    String log = SshdHost.read(eventLog());
    String complete = log.substring(0, log.lastIndexOf('\n') + 1);
    return complete.lines().filter(l -> !l.isBlank()).map(ServiceEvent::parse).toList();
  }

  /** The Admin client of the test (shared, closed with the cluster). */
  public synchronized Admin admin() {
    if (admin == null) {
      Properties config = new Properties();
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
      config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
      admin = Admin.create(config);
    }
    return admin;
  }

  /** The KRaft quorum leader's node id (= host index), or -1 when it cannot be told. */
  public int quorumLeader() {
    try {
      return admin().describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a topic with replication factor 3 and {@code min.insync.replicas=2}. */
  public void createTopic(String name, int partitions) {
    try {
      admin()
          .createTopics(
              List.of(
                  new NewTopic(name, partitions, (short) 3)
                      .configs(Map.of("min.insync.replicas", "2"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /**
   * What the cluster looks like now: the brokers registered, and every partition of every topic.
   * Empty when the cluster cannot answer.
   */
  public Optional<Snapshot> snapshot() {
    try {
      Set<Integer> brokers =
          admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
              .map(Node::id)
              .collect(Collectors.toUnmodifiableSet());
      Set<String> topics =
          admin()
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(5, TimeUnit.SECONDS);
      Map<String, TopicDescription> described =
          admin().describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
      return Optional.of(new Snapshot(System.currentTimeMillis(), brokers, described));
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The cluster at one moment.
   *
   * @param millis when it was taken
   * @param brokers the registered brokers
   * @param topics every topic's description
   */
  public record Snapshot(long millis, Set<Integer> brokers, Map<String, TopicDescription> topics) {

    /** Every broker registered and every partition with all its replicas in sync. */
    public boolean healthy(int size) {
      return brokers.size() == size && underReplicated().isEmpty() && offline().isEmpty();
    }

    /** {@code topic-p} of each partition with fewer replicas in sync than assigned. */
    public List<String> underReplicated() {
      return partitions(p -> p.isr().size() < p.replicas().size());
    }

    /** {@code topic-p} of each partition without a leader. */
    public List<String> offline() {
      return partitions(p -> p.leader() == null || p.leader().isEmpty());
    }

    /** {@code topic-p} of each partition of {@code topic} below {@code minIsr} or offline. */
    public List<String> unavailable(String topic, int minIsr) {
      TopicDescription d = topics.get(topic);
      if (d == null) {
        return List.of();
      }
      return d.partitions().stream()
          .filter(p -> p.leader() == null || p.leader().isEmpty() || p.isr().size() < minIsr)
          .map(p -> topic + "-" + p.partition())
          .toList();
    }

    private List<String> partitions(java.util.function.Predicate<TopicPartitionInfo> which) {
      List<String> found = new ArrayList<>();
      topics.forEach(
          (name, d) ->
              d.partitions().stream()
                  .filter(which)
                  .forEach(p -> found.add(name + "-" + p.partition())));
      return found;
    }
  }

  /**
   * Waits until every broker is registered, a quorum leader is elected and every partition has all
   * its replicas in sync.
   */
  public void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      Optional<Snapshot> now = snapshot();
      if (now.isPresent() && now.get().healthy(fleet.size()) && quorumLeader() > 0) {
        return;
      }
      last =
          now.map(
                  s ->
                      "brokers "
                          + s.brokers()
                          + ", under-replicated "
                          + s.underReplicated()
                          + ", offline "
                          + s.offline())
              .orElse("no answer");
      checkBrokersAlive();
      Processes.sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException(
        "the Kafka cluster is not healthy after " + timeout.toSeconds() + " s: " + last + logs());
  }

  /** Stops a host's broker directly (not through rollrun), as a crash or an operator would. */
  public void stopBroker(int host) {
    local(host, "stop");
  }

  /** Starts a host's broker directly (not through rollrun). */
  public void startBroker(int host) {
    local(host, "start");
  }

  private void local(int host, String action) {
    SshdHost h = fleet.host(host);
    ProcessBuilder builder =
        new ProcessBuilder("bash", h.dir().resolve("kafka-svc").toString(), action);
    builder.environment().put("HOME", h.dir().toString());
    CommandResult result = Processes.run(builder, Duration.ofSeconds(150));
    if (!result.ok()) {
      throw new IllegalStateException(
          h.name() + ": kafka-svc " + action + ": " + result.describe());
    }
  }

  private void checkBrokersAlive() {
    for (SshdHost h : fleet.hosts()) {
      Optional<Long> pid = DemoServices.readPid(kafkaDir(h).resolve("kafka.pid"));
      if (pid.isPresent() && !Processes.isAlive(pid.get())) {
        throw new IllegalStateException(h.name() + ": the broker died" + logs());
      }
    }
  }

  private String logs() {
    StringBuilder out = new StringBuilder();
    for (SshdHost h : fleet.hosts()) {
      Path log = kafkaDir(h).resolve("kafka.log");
      if (Files.exists(log)) {
        List<String> lines = SshdHost.read(log).lines().toList();
        out.append("\n--- ")
            .append(h.name())
            .append(" kafka.log (last lines) ---\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
      }
    }
    return out.toString();
  }

  private Path kafkaDir(SshdHost h) {
    return h.dir();
  }

  private Path config(SshdHost h) {
    return kafkaDir(h).resolve("server.properties");
  }

  private Path eventLog() {
    return fleet.dir().resolve(EVENT_LOG);
  }

  private static String assignment(String name, String value) {
    return name + "=" + Processes.shellQuote(value) + "\n";
  }

  private static String resource(String name) {
    try (InputStream in = KafkaCluster.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to KafkaCluster");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every broker ever started here (by pid file and event log), all at once. */
  @Override
  public void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
    Set<Long> pids = new HashSet<>();
    for (SshdHost h : fleet.hosts()) {
      DemoServices.readPid(kafkaDir(h).resolve("kafka.pid")).ifPresent(pids::add);
    }
    if (Files.exists(eventLog())) {
      events().forEach(e -> pids.add(e.pid()));
    }
    List<ProcessHandle> brokers =
        pids.stream()
            .filter(
                pid ->
                    Processes.isAlive(pid)
                        && Processes.commandLine(pid)
                            .contains("dev.rollrun.tests.kafka.KafkaBroker"))
            .map(ProcessHandle::of)
            .flatMap(Optional::stream)
            .toList();
    if (!Processes.killAll(brokers, Duration.ofSeconds(20))) {
      throw new IllegalStateException("Kafka brokers survived SIGKILL: " + brokers);
    }
  }
}

package dev.rollrun.tests.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.stream.IntStream;

/**
 * A real ZooKeeper ensemble for tests: one {@code QuorumPeerMain} process per member (the server of
 * the zookeeper jar on the test class path), each controlled by a {@code zk} script ({@code zk
 * start|stop|status}) that an OpenSSH test host can run as its "service". Started together (a
 * member alone waits for its quorum); {@link #close()} kills every member process it ever started,
 * by the pids the scripts recorded.
 *
 * <p>{@link #start(int, Path)}: members on 127.0.0.1, AdminServer off, the four-letter words {@code
 * srvr}, {@code mntr} and {@code ruok} allowed (the lock tests). {@link #builder()}: members on
 * addresses of their own (those of an {@link SshdFleet}), each with its {@code zk} script in a
 * directory of its own (the host's home), the AdminServer on {@code 127.0.0.1} and a port of its
 * own, and the default four-letter-word whitelist ({@code srvr} only) — a default 3.9
 * configuration.
 *
 * <p>Each member's script logs {@code <epoch ms> <member> start|stopping|stop} to {@link
 * #events()}: {@code stopping} when it sends SIGTERM, {@code stop} once the process has exited.
 * {@link #delayStart} makes a member's next start slow: the script returns at once (as {@code
 * systemctl start} does) and the JVM starts after the delay.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<String> addresses;
  private final List<Path> homes;
  private final boolean adminServer;
  private final List<int[]> ports = new ArrayList<>();
  private final Set<Long> pids = new HashSet<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private ZooKeeperEnsemble(Path dir, List<String> addresses, List<Path> homes, boolean admin) {
    this.dir = dir;
    this.addresses = List.copyOf(addresses);
    this.homes = List.copyOf(homes);
    this.adminServer = admin;
  }

  /** Starts {@code size} members on 127.0.0.1 and waits until each serves as leader or follower. */
  public static ZooKeeperEnsemble start(int size, Path dir) {
    return builder()
        .directory(dir)
        .addresses(IntStream.range(0, size).mapToObj(i -> "127.0.0.1").toList())
        .adminServer(false)
        .start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How to make an ensemble. */
  public static final class Builder {
    private Path dir;
    private List<String> addresses = List.of("127.0.0.1", "127.0.0.1", "127.0.0.1");
    private List<Path> homes;
    private boolean adminServer = true;

    private Builder() {}

    /** Where data, configuration, logs and the event log go. */
    public Builder directory(Path dir) {
      this.dir = dir;
      return this;
    }

    /** One address per member: its client and quorum ports listen there. */
    public Builder addresses(List<String> addresses) {
      this.addresses = List.copyOf(addresses);
      return this;
    }

    /** One directory per member for its {@code zk} script (default: the member's data dir). */
    public Builder homes(List<Path> homes) {
      this.homes = List.copyOf(homes);
      return this;
    }

    /** The AdminServer on 127.0.0.1 and a port of its own (default), or off. */
    public Builder adminServer(boolean on) {
      this.adminServer = on;
      return this;
    }

    /** Starts every member and waits until each serves. */
    public ZooKeeperEnsemble start() {
      List<Path> memberHomes = homes;
      if (memberHomes == null) {
        memberHomes =
            IntStream.rangeClosed(1, addresses.size())
                .mapToObj(i -> dir.resolve("zk" + i))
                .toList();
      }
      if (memberHomes.size() != addresses.size()) {
        throw new IllegalArgumentException("one home per member");
      }
      ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(dir, addresses, memberHomes, adminServer);
      try {
        ensemble.install();
        Processes.forEachParallel(
            IntStream.rangeClosed(1, addresses.size()).boxed().toList(), ensemble::start);
        ensemble.awaitServing();
        return ensemble;
      } catch (IOException | RuntimeException e) {
        ensemble.close();
        throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
      }
    }
  }

  // ------------------------------------------------------------------------------- members --

  /** How many members. */
  public int size() {
    return addresses.size();
  }

  /** The connect string: {@code a1:p1,a2:p2,a3:p3}. */
  public String connectString() {
    return IntStream.rangeClosed(1, size())
        .mapToObj(this::clientAddress)
        .collect(Collectors.joining(","));
  }

  /** A member's client address, {@code host:port}. */
  public String clientAddress(int member) {
    return addresses.get(member - 1) + ":" + ports.get(member - 1)[0];
  }

  public int clientPort(int member) {
    return ports.get(member - 1)[0];
  }

  /** A member's AdminServer port, on 127.0.0.1. */
  public int adminPort(int member) {
    return ports.get(member - 1)[3];
  }

  /** The shell command that controls a member: {@code <home>/zk start|stop|status}. */
  public String command(int member, String action) {
    return Processes.shellQuote(script(member).toString()) + " " + action;
  }

  /** Stops a member (SIGTERM, and waits for its exit), as its script does. */
  public void stop(int member) {
    control(member, "stop");
  }

  /** Starts a member, as its script does (returns at once; see {@link #awaitInSync}). */
  public void start(int member) {
    control(member, "start");
  }

  /** Starts every member whose process does not run. */
  public void startStopped() {
    for (int i = 1; i <= size(); i++) {
      CommandResult status =
          Processes.run(
              new ProcessBuilder("bash", script(i).toString(), "status"), Duration.ofSeconds(30));
      if (!status.ok()) {
        start(i);
      }
    }
  }

  /** Makes the member's starts wait {@code delay} before its JVM starts (zero: no delay). */
  public void delayStart(int member, Duration delay) {
    try {
      Files.writeString(memberDir(member).resolve("start-delay"), delay.toMillis() / 1000.0 + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every start and stop so far, in the order the scripts logged them. */
  public List<MemberEvent> events() {
    Path log = dir.resolve("events.log");
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      String text = Files.readString(log);
      String complete = text.substring(0, text.lastIndexOf('\n') + 1);
      return complete.lines().filter(l -> !l.isBlank()).map(MemberEvent::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A member's mode from {@code srvr}: leader, follower, or empty when it does not answer. */
  public String mode(int member) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(addresses.get(member - 1), ports.get(member - 1)[0]), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("Mode: ")) {
          return line.substring("Mode: ".length()).strip();
        }
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }

  /** A member's AdminServer {@code /commands/mntr}, or empty when it does not answer. */
  public Optional<JsonNode> mntr(int member) {
    if (!adminServer) {
      throw new IllegalStateException("this ensemble runs without AdminServer");
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + adminPort(member) + "/commands/mntr"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(JSON.readTree(response.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The member that leads now (1-based), or 0. */
  public int leader() {
    for (int i = 1; i <= size(); i++) {
      if (mode(i).equals("leader")) {
        return i;
      }
    }
    return 0;
  }

  /** Waits until one member leads with every other member in sync ({@code synced_followers}). */
  public void awaitInSync(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 1; i <= size(); i++) {
        Optional<JsonNode> mntr = mntr(i);
        if (mntr.isPresent()
            && mntr.get().path("server_state").asText().equals("leader")
            && mntr.get().path("synced_followers").asInt(-1) == size() - 1) {
          return;
        }
      }
      Processes.sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        "the ensemble is not in sync within " + timeout.toSeconds() + "s; see " + dir + logTails());
  }

  /** The last lines each member logged, for a failure's message (the directory may be gone). */
  private String logTails() {
    StringBuilder tails = new StringBuilder();
    for (int i = 1; i <= size(); i++) {
      Path log = memberDir(i).resolve("server.log");
      try {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        tails.append("\nzk").append(i).append(" server.log ends:");
        lines
            .subList(Math.max(0, lines.size() - 8), lines.size())
            .forEach(l -> tails.append("\n  ").append(l));
      } catch (IOException e) {
        tails.append("\nzk").append(i).append(" server.log: ").append(e.getMessage());
      }
    }
    return tails.toString();
  }

  // ------------------------------------------------------------------------------- set-up --

  private void install() throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < size(); i++) {
      ports.add(new int[] {freePort(), freePort(), freePort(), freePort()});
    }
    Path args = dir.resolve("java.args");
    // A member starts in a few seconds on a busy 2-core machine with only the server's jars, C1
    // alone and the serial collector; with the whole test class path it takes twice as long.
    Files.writeString(
        args,
        "-Xmx64m\n-XX:TieredStopAtLevel=1\n-XX:+UseSerialGC\n"
            + "-Dzookeeper.jmx.log4j.disable=true\n-cp\n"
            + argFileWord(serverClassPath())
            + "\norg.apache.zookeeper.server.quorum.QuorumPeerMain\n");
    for (int id = 1; id <= size(); id++) {
      Path data = Files.createDirectories(memberDir(id));
      Files.writeString(data.resolve("myid"), id + "\n");
      Files.writeString(data.resolve("zoo.cfg"), config(id));
      Files.createDirectories(homes.get(id - 1));
      Path script = script(id);
      Files.writeString(script, script(id, args));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** The jars of the test class path that a ZooKeeper server (and its AdminServer) needs. */
  private static String serverClassPath() {
    List<String> needed =
        List.of(
            "zookeeper",
            "audience-annotations",
            "slf4j",
            "jetty",
            "jackson",
            "javax.servlet-api",
            "snappy",
            "metrics-core",
            "commons-cli",
            "commons-io",
            "netty");
    String separator = java.io.File.pathSeparator;
    List<String> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(separator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.endsWith(".jar") && needed.stream().anyMatch(name::startsWith)) {
        jars.add(entry);
      }
    }
    return String.join(separator, jars);
  }

  private String config(int id) {
    StringBuilder cfg = new StringBuilder();
    String address = addresses.get(id - 1);
    cfg.append("tickTime=500\ninitLimit=20\nsyncLimit=10\n")
        .append("dataDir=")
        .append(memberDir(id))
        .append('\n')
        .append("clientPortAddress=")
        .append(address)
        .append("\nclientPort=")
        .append(ports.get(id - 1)[0])
        .append('\n')
        .append("minSessionTimeout=1000\nmaxSessionTimeout=60000\n");
    if (adminServer) {
      cfg.append("admin.serverAddress=127.0.0.1\nadmin.serverPort=")
          .append(ports.get(id - 1)[3])
          .append('\n');
    } else {
      cfg.append("admin.enableServer=false\n4lw.commands.whitelist=srvr,mntr,ruok\n");
    }
    for (int i = 1; i <= size(); i++) {
      cfg.append("server.")
          .append(i)
          .append('=')
          .append(addresses.get(i - 1))
          .append(':')
          .append(ports.get(i - 1)[1])
          .append(':')
          .append(ports.get(i - 1)[2])
          .append('\n');
    }
    return cfg.toString();
  }

  /** The member's control script: start (in the background), stop (and wait), status. */
  private String script(int id, Path args) {
    Path member = memberDir(id);
    return "#!/bin/bash\n"
        + "# Controls ZooKeeper member "
        + id
        + " (written by ZooKeeperEnsemble): zk start|stop|status\n"
        + assignment("NAME", "zk" + id)
        + assignment("DIR", member.toString())
        + assignment("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString())
        + assignment("ARGS", args.toString())
        + assignment("EVENTS", dir.resolve("events.log").toString())
        + """
        PIDFILE="$DIR/pid"
        running() { [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
        event() { echo "$(date +%s%3N) $NAME $1" >>"$EVENTS"; }
        case "$1" in
          start)
            if running; then echo "$NAME runs already"; exit 0; fi
            delay=$(cat "$DIR/start-delay" 2>/dev/null || echo 0)
            nohup bash -c "sleep $delay; exec \\"$JAVA\\" @\\"$ARGS\\" \\"$DIR/zoo.cfg\\"" \\
              >>"$DIR/server.log" 2>&1 </dev/null &
            echo $! >"$PIDFILE"
            echo $! >>"$DIR/pids"
            event start
            echo "$NAME started (pid $!)"
            ;;
          stop)
            if ! running; then echo "$NAME is not running"; event stop; exit 0; fi
            pid=$(cat "$PIDFILE")
            event stopping
            kill -TERM "$pid"
            for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$pid" 2>/dev/null
            event stop
            echo "$NAME stopped"
            ;;
          status)
            if running; then echo "$NAME runs"; else echo "$NAME is stopped"; exit 3; fi
            ;;
          *) echo "usage: zk start|stop|status" >&2; exit 2 ;;
        esac
        """;
  }

  private void control(int member, String action) {
    ProcessBuilder builder = new ProcessBuilder("bash", script(member).toString(), action);
    CommandResult result = Processes.run(builder, Duration.ofSeconds(30));
    if (!result.ok()) {
      throw new IllegalStateException("zk" + member + " " + action + ": " + result.describe());
    }
    recordPids();
  }

  private void awaitServing() {
    long deadline = System.nanoTime() + START.toNanos();
    for (int i = 1; i <= size(); i++) {
      while (true) {
        String mode = mode(i);
        if (mode.equals("leader") || mode.equals("follower")) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "ZooKeeper member "
                  + i
                  + " not serving within "
                  + START.toSeconds()
                  + "s; see "
                  + memberDir(i));
        }
        Processes.sleep(Duration.ofMillis(200));
      }
    }
    if (adminServer) {
      awaitInSync(START);
    }
  }

  private Path memberDir(int id) {
    return dir.resolve("zk" + id);
  }

  private Path script(int id) {
    return homes.get(id - 1).resolve("zk");
  }

  private synchronized void recordPids() {
    for (int id = 1; id <= size(); id++) {
      Path file = memberDir(id).resolve("pids");
      try {
        if (Files.exists(file)) {
          Files.readAllLines(file).stream()
              .filter(l -> !l.isBlank())
              .map(l -> Long.parseLong(l.strip()))
              .forEach(pids::add);
        }
      } catch (IOException | NumberFormatException e) {
        // a line being written; the next call reads it
      }
    }
  }

  private static String assignment(String name, String value) {
    return name + "=" + Processes.shellQuote(value) + "\n";
  }

  /** A word of a java @argfile: quoted, backslashes doubled. */
  private static String argFileWord(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /**
   * Kills every member process the scripts ever started (including those started over SSH), all at
   * once: stopping them one by one would lose the quorum and slow each exit.
   */
  @Override
  public void close() {
    recordPids();
    // only ours: a pid the system gave to another process since is left alone
    List<ProcessHandle> alive =
        pids.stream()
            .filter(pid -> Processes.commandLine(pid).contains(dir.toString()))
            .map(ProcessHandle::of)
            .flatMap(Optional::stream)
            .toList();
    if (!Processes.killAll(alive, Duration.ofSeconds(10))) {
      throw new IllegalStateException("ZooKeeper members survived SIGKILL: " + alive);
    }
  }

  /**
   * A start or stop of a member, as its script logged it.
   *
   * @param millis when (epoch milliseconds)
   * @param member {@code zk1}, {@code zk2}, ...
   * @param action {@code start}, {@code stopping} (SIGTERM sent) or {@code stop} (exited)
   */
  public record MemberEvent(long millis, String member, String action) {
    static MemberEvent parse(String line) {
      String[] words = line.strip().split(" ");
      return new MemberEvent(Long.parseLong(words[0]), words[1], words[2]);
    }
  }
}

package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A fleet of real OpenSSH hosts on loopback, each running a small demo service: the target of
 * rollrun's end-to-end tests.
 *
 * <p>Host {@code i} (1-based, named {@code hi}) is a {@code /usr/sbin/sshd -D} listening on {@code
 * 127.X.Y.i} and a port of its own, with its own ed25519 host key, accepting the fleet's test key
 * for the current user. Remote commands get {@code HOST_ID=hi} and {@code HOME=<host dir>} (so the
 * login user's shell rc files are not read and a command costs milliseconds, not {@code pyenv
 * init}). The fleet writes a {@link #knownHosts() known_hosts}, an {@link #sshConfig() ssh_config}
 * ({@code ssh -F ssh_config h1 cmd}) and a rollrun {@link #inventory() inventory}. See {@link
 * SshdHost} for a host's files and {@link FleetNetwork} for how the address range is chosen ({@code
 * ROLLRUN_TEST_NET}).
 *
 * <p>The demo service of each host is controlled over SSH with {@code ~/svc start|stop|restart|
 * status} (see {@link #serviceCommand}); starts and stops are logged to one {@link #events() event
 * log} for the whole fleet.
 *
 * <p>As a JUnit 5 extension, started before all tests and closed after them:
 *
 * <pre>
 * &#64;RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(3).build();
 *
 * &#64;Test void answers() {
 *   assertEquals("h2", fleet.run(2, "echo $HOST_ID"));
 * }
 * </pre>
 *
 * (registered on an instance field, it is started and closed around each test), or by hand:
 *
 * <pre>
 * static SshdFleet fleet;
 * &#64;BeforeAll static void up() { fleet = SshdFleet.start(3); fleet.startAllServices(); }
 * &#64;AfterAll static void down() { fleet.close(); }
 * </pre>
 *
 * <p>{@link #close()} kills every process the fleet started (sshd listeners, their connections and
 * what those run, demo services), by the pids it recorded; a JVM shutdown hook closes fleets left
 * open, and a new fleet reaps those of JVMs that were killed outright. The fleet's directory is
 * deleted unless a test failed (then its path is printed) or {@link Builder#keepFiles} is set.
 *
 * <p>Needs {@code /usr/sbin/sshd} (Debian package {@code openssh-server}), {@code ssh}, {@code
 * ssh-keygen}, {@code bash} and {@code perl}: starting fails with a clear message if one is
 * missing. Linux only ({@code /proc}).
 */
public final class SshdFleet
    implements AutoCloseable,
        BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        TestWatcher {

  private static final Path FLEETS_ROOT =
      Path.of(System.getProperty("java.io.tmpdir"), "rollrun-fleets");
  private static final Duration SSH_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<SshdFleet> OPEN = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
  private static final Map<Path, Boolean> PENALTIES_SUPPORTED = new ConcurrentHashMap<>();

  private enum Lifecycle {
    NEW,
    BY_HAND,
    PER_CLASS,
    PER_TEST
  }

  private final int size;
  private final String networkBase;
  private final Path parent;
  private final Path sshd;
  private final boolean keepFiles;
  private final String user = System.getProperty("user.name");

  private Lifecycle lifecycle = Lifecycle.NEW;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean testFailed;
  private volatile FleetNetwork network;
  private volatile Path dir;
  private volatile List<SshdHost> hosts = List.of();
  private volatile DemoServices services;
  private volatile Duration startupTime = Duration.ZERO;

  private SshdFleet(Builder builder) {
    this.size = builder.hosts;
    this.networkBase = builder.network;
    this.parent = builder.directory != null ? builder.directory : FLEETS_ROOT;
    this.sshd = builder.sshd;
    this.keepFiles = builder.keepFiles;
  }

  /** A builder for a fleet of 3 hosts (by default). */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a fleet of {@code hosts} hosts with the default settings. */
  public static SshdFleet start(int hosts) {
    return builder().hosts(hosts).start();
  }

  /** How to make a fleet. */
  public static final class Builder {
    private int hosts = 3;
    private String network;
    private Path directory;
    private Path sshd = SshdHost.SSHD;
    private boolean keepFiles = Boolean.getBoolean("rollrun.test.keepFleet");

    private Builder() {}

    /** How many hosts, 1 to 254 (default 3). */
    public Builder hosts(int hosts) {
      if (hosts < 1 || hosts > 254) {
        throw new IllegalArgumentException("a fleet has 1 to 254 hosts, not " + hosts);
      }
      this.hosts = hosts;
      return this;
    }

    /**
     * Where to start looking for a free {@code 127.X.Y.0/24} (default: {@code ROLLRUN_TEST_NET},
     * else random).
     */
    public Builder network(String base) {
      FleetNetwork.parse(base);
      this.network = base;
      return this;
    }

    /**
     * The directory to create the fleet's directory in (default: {@code $TMPDIR/rollrun-fleets}).
     */
    public Builder directory(Path parent) {
      this.directory = parent;
      return this;
    }

    /**
     * Keep the fleet's files after {@link #close()} (default: the system property {@code
     * rollrun.test.keepFleet}; files are always kept when a test of an extension fleet failed).
     */
    public Builder keepFiles(boolean keep) {
      this.keepFiles = keep;
      return this;
    }

    /** The sshd binary (default {@code /usr/sbin/sshd}). */
    public Builder sshd(Path sshd) {
      this.sshd = sshd;
      return this;
    }

    /** A fleet that starts when asked to, or as an extension before the tests. */
    public SshdFleet build() {
      return new SshdFleet(this);
    }

    /** A started fleet. */
    public SshdFleet start() {
      SshdFleet fleet = build();
      fleet.start();
      return fleet;
    }
  }

  // ------------------------------------------------------------------------------ lifecycle --

  /**
   * Starts every host and waits until each accepts SSH connections; returns this fleet.
   *
   * @throws IllegalStateException if a tool is missing or an sshd does not start within 10 s (the
   *     message carries its log); whatever was started is stopped again
   */
  public synchronized SshdFleet start() {
    if (lifecycle != Lifecycle.NEW || closed.get()) {
      throw new IllegalStateException("a fleet starts once");
    }
    lifecycle = Lifecycle.BY_HAND;
    long started = System.nanoTime();
    checkTools();
    installShutdownHook();
    OPEN.add(this);
    try {
      // Only after a test JVM was killed: worth a line in that build's output.
      StaleFleets.reap(parent).forEach(line -> System.err.println("SshdFleet: " + line));
      ensurePrivilegeSeparationDirectory();
      network = FleetNetwork.acquire(networkBase, FLEETS_ROOT.resolve("locks"));
      Files.createDirectories(parent);
      dir = Files.createTempDirectory(parent, "fleet-");
      StaleFleets.claim(dir);
      generateUserKey();
      List<SshdHost> created = new ArrayList<>();
      for (int i = 1; i <= size; i++) {
        created.add(new SshdHost(i, network.address(i), dir.resolve("h" + i), sshd));
      }
      hosts = List.copyOf(created);
      services = new DemoServices(dir, hosts);
      Processes.forEachParallel(hosts, SshdHost::generateHostKey);
      services.install();
      List<String> extraOptions =
          penaltiesSupported() ? List.of("PerSourcePenalties no") : List.<String>of();
      hosts.forEach(h -> h.writeSshdConfig(authorizedKeys(), extraOptions));
      startListeners(hosts, extraOptions);
      writeClientFiles();
      startupTime = Duration.ofNanos(System.nanoTime() - started);
      return this;
    } catch (IOException | RuntimeException e) {
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start the fleet", io);
      }
      throw (RuntimeException) e;
    }
  }

  private void checkTools() {
    if (!Files.isExecutable(sshd)) {
      throw new IllegalStateException(
          sshd
              + " is missing: the SSH test fleet needs OpenSSH's server. Install it with"
              + " `apt-get install -y openssh-server` (CI installs it before the tests).");
    }
    for (String tool : List.of("ssh", "ssh-keygen", "bash", "perl")) {
      boolean found =
          Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
              .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
      if (!found) {
        throw new IllegalStateException(
            "`" + tool + "` is not on the PATH: the SSH test fleet needs it");
      }
    }
  }

  private static void installShutdownHook() {
    if (HOOK_INSTALLED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> List.copyOf(OPEN).forEach(SshdFleet::closeQuietly), "sshd-fleet-shutdown"));
    }
  }

  private static void closeQuietly(SshdFleet fleet) {
    try {
      fleet.close();
    } catch (RuntimeException e) {
      System.err.println("SshdFleet: closing " + fleet.dir + " failed: " + e);
    }
  }

  /** sshd started as root insists on /run/sshd ("Missing privilege separation directory"). */
  private void ensurePrivilegeSeparationDirectory() {
    Path privsep = Path.of("/run/sshd");
    if (Files.isDirectory(privsep)) {
      return;
    }
    try {
      Files.createDirectories(privsep);
      Files.setPosixFilePermissions(privsep, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      if ("root".equals(user)) {
        throw new UncheckedIOException("cannot create " + privsep + " which sshd needs", e);
      }
      // as another user sshd does not use it
    }
  }

  private void generateUserKey() {
    Processes.check(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "rollrun-test",
            "-f",
            privateKey().toString()),
        Duration.ofSeconds(30));
    SshdHost.write(authorizedKeys(), SshdHost.read(publicKey()));
  }

  /** Whether this sshd knows {@code PerSourcePenalties} (9.8+), which must be off here. */
  private boolean penaltiesSupported() {
    return PENALTIES_SUPPORTED.computeIfAbsent(
        sshd,
        binary -> {
          // killing connections (dropConnections) counts as a crash: 90 s of refused logins
          SshdHost probe = hosts.get(0);
          probe.writeSshdConfig(authorizedKeys(), List.of("PerSourcePenalties no"));
          CommandResult check =
              Processes.run(
                  List.of(binary.toString(), "-t", "-f", probe.sshdConfig().toString()),
                  Duration.ofSeconds(30));
          if (check.ok()) {
            return true;
          }
          if (check.stderr().contains("PerSourcePenalties")) {
            return false;
          }
          throw new IllegalStateException("sshd rejects its configuration: " + check.describe());
        });
  }

  private void startListeners(List<SshdHost> toStart, List<String> extraOptions) {
    for (SshdHost h : toStart) {
      checkOpen();
      h.startSshd();
    }
    List<SshdHost> retry = new ArrayList<>();
    for (SshdHost h : toStart) {
      if (!h.awaitListening()) {
        retry.add(h);
      }
    }
    for (int attempt = 0; attempt < 3 && !retry.isEmpty(); attempt++) {
      List<SshdHost> again = new ArrayList<>();
      for (SshdHost h : retry) {
        checkOpen();
        h.stopSshd(false);
        h.choosePort();
        h.writeSshdConfig(authorizedKeys(), extraOptions);
        h.startSshd();
        if (!h.awaitListening()) {
          again.add(h);
        }
      }
      retry = again;
    }
    if (!retry.isEmpty()) {
      throw new IllegalStateException(
          "ports keep being taken on " + retry + "; " + retry.get(0).logReport());
    }
  }

  private void writeClientFiles() {
    FleetFiles.writeKnownHosts(knownHosts(), hosts);
    FleetFiles.writeSshConfig(sshConfig(), hosts, user, privateKey(), knownHosts());
    FleetFiles.writeInventory(inventory(), hosts, user, privateKey(), network.cidr());
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the fleet was closed");
    }
  }

  private void checkRunning() {
    if (closed.get() || hosts.isEmpty()) {
      throw new IllegalStateException(
          closed.get() ? "the fleet was closed" : "the fleet is not started");
    }
  }

  /**
   * Stops everything the fleet started: demo services, sshd listeners and every connection with
   * what it runs. Then releases the address range and deletes the fleet's directory (unless kept).
   * Safe to call more than once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<RuntimeException> problems = new ArrayList<>();
    if (services != null) {
      try {
        services.killAll();
      } catch (RuntimeException e) {
        problems.add(e);
      }
    }
    for (SshdHost h : hosts) {
      try {
        h.close();
      } catch (RuntimeException e) {
        problems.add(e);
      }
    }
    if (dir != null) {
      StaleFleets.markClosed(dir);
      if (keepFiles || testFailed) {
        System.err.println("SshdFleet: files kept in " + dir);
      } else {
        deleteRecursively(dir);
      }
    }
    if (network != null) {
      network.close();
    }
    OPEN.remove(this);
    if (!problems.isEmpty()) {
      IllegalStateException failure = new IllegalStateException("closing the fleet failed");
      problems.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a file written while closing; the directory stays, harmless
                }
              });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("SshdFleet: could not delete " + root + ": " + e);
    }
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (lifecycle == Lifecycle.NEW) {
      start();
      lifecycle = Lifecycle.PER_CLASS;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (lifecycle == Lifecycle.PER_CLASS) {
      testFailed |= context.getExecutionException().isPresent();
      close();
    }
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (lifecycle == Lifecycle.NEW) {
      start();
      lifecycle = Lifecycle.PER_TEST;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (lifecycle == Lifecycle.PER_TEST) {
      testFailed |= context.getExecutionException().isPresent();
      close();
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    testFailed = true;
  }

  // ----------------------------------------------------------------------------- the hosts --

  /** How many hosts. */
  public int size() {
    return size;
  }

  /** The hosts, h1 first. */
  public List<SshdHost> hosts() {
    checkRunning();
    return hosts;
  }

  /** Host {@code i}, 1-based: {@code host(1)} is h1. */
  public SshdHost host(int i) {
    checkRunning();
    if (i < 1 || i > hosts.size()) {
      throw new IllegalArgumentException("no host " + i + ": hosts are 1.." + hosts.size());
    }
    return hosts.get(i - 1);
  }

  /** {@code h1}... */
  public String name(int host) {
    return host(host).name();
  }

  /** {@code 127.X.Y.host}. */
  public String address(int host) {
    return host(host).address();
  }

  /** The SSH port of a host. */
  public int port(int host) {
    return host(host).sshPort();
  }

  /** The demo service's port of a host. */
  public int servicePort(int host) {
    return host(host).servicePort();
  }

  /** The addresses, h1 first. */
  public List<String> addresses() {
    return hosts().stream().map(SshdHost::address).toList();
  }

  /** The SSH ports, h1 first. */
  public List<Integer> ports() {
    return hosts().stream().map(SshdHost::sshPort).toList();
  }

  /** The address range, {@code 127.X.Y.0/24}. */
  public String network() {
    checkRunning();
    return network.cidr();
  }

  /** The user the fleet logs in as: the current user. */
  public String user() {
    return user;
  }

  /** How long {@link #start()} took. */
  public Duration startupTime() {
    return startupTime;
  }

  // ----------------------------------------------------------------------------- the files --

  /** The fleet's directory: see the class description for what it holds. */
  public Path dir() {
    checkRunning();
    return dir;
  }

  /** A host's directory ({@code $HOME} of its remote commands). */
  public Path hostDir(int host) {
    return host(host).dir();
  }

  /** {@code known_hosts} with every host's current key, as {@code [127.X.Y.i]:PORT ssh-ed25519}. */
  public Path knownHosts() {
    return dir().resolve("known_hosts");
  }

  /** The test user's private key (ed25519, no passphrase), accepted by every host. */
  public Path privateKey() {
    return dir.resolve("id_ed25519");
  }

  public Path publicKey() {
    return dir.resolve("id_ed25519.pub");
  }

  private Path authorizedKeys() {
    return dir.resolve("authorized_keys");
  }

  /** The rollrun inventory of the fleet (YAML). */
  public Path inventory() {
    return dir().resolve("inventory.yml");
  }

  /** An OpenSSH client config with one {@code Host hN} per host, strict host key checking. */
  public Path sshConfig() {
    return dir().resolve("ssh_config");
  }

  /** The shared log of service starts and stops: see {@link #events()}. */
  public Path eventLog() {
    return services().eventLog();
  }

  // ------------------------------------------------------------------------------ commands --

  /** The command line {@code ssh -F ssh_config hN command}, e.g. to run in the background. */
  public List<String> sshCommand(int host, String command) {
    return List.of("ssh", "-F", sshConfig().toString(), name(host), command);
  }

  /** Runs a command on a host with the system {@code ssh} client; never throws on failure. */
  public CommandResult ssh(int host, String command) {
    return ssh(host, command, SSH_TIMEOUT);
  }

  /** Runs a command on a host with the system {@code ssh} client, killing it after timeout. */
  public CommandResult ssh(int host, String command, Duration timeout) {
    return Processes.run(sshCommand(host, command), timeout);
  }

  /**
   * Runs a command on a host with the system {@code ssh} client and returns its output without
   * trailing line breaks.
   *
   * @throws AssertionError if it does not exit 0 (with its stderr)
   */
  public String run(int host, String command) {
    CommandResult result = ssh(host, command);
    if (!result.ok()) {
      throw new AssertionError(result.describe());
    }
    return result.output();
  }

  // --------------------------------------------------------------------- breaking the hosts --

  /**
   * Gives a host a new host key and restarts its sshd on the same port; {@code known_hosts} keeps
   * the old key, so strict clients now refuse the host. Established connections live on.
   */
  public void rotateHostKey(int host) {
    SshdHost h = host(host);
    h.generateHostKey();
    h.stopSshd(true);
    h.startSshd();
    if (!h.awaitListening()) {
      throw new IllegalStateException(h.name() + ": its port was taken; " + h.logReport());
    }
  }

  /** Rewrites {@code known_hosts} with every host's current key (after {@link #rotateHostKey}). */
  public void trustCurrentHostKeys() {
    checkRunning();
    FleetFiles.writeKnownHosts(knownHosts(), hosts);
  }

  /**
   * Kills a host's connections: its per-connection sshd processes and everything they run. The
   * listener stays, so new connections work; clients of the killed ones see "closed by remote
   * host".
   */
  public void dropConnections(int host) {
    host(host).dropConnections();
  }

  /**
   * Freezes a host's connections (SIGSTOP to their sshd processes): the host stops answering on
   * them, as a hung machine or a dead network path does, though the commands it runs go on and new
   * connections are still accepted. {@link #thawConnections} undoes it; closing the fleet kills
   * frozen connections too.
   */
  public void freezeConnections(int host) {
    host(host).signalConnections("STOP");
  }

  /** Lets a host's frozen connections go on (SIGCONT). */
  public void thawConnections(int host) {
    host(host).signalConnections("CONT");
  }

  /** Stops a host's sshd and kills its connections: the host is down for SSH. */
  public void stopSshd(int host) {
    host(host).stopSshd(false);
  }

  /** Starts a stopped host's sshd again on the same port. */
  public void startSshd(int host) {
    SshdHost h = host(host);
    checkOpen();
    h.startSshd();
    if (!h.awaitListening()) {
      throw new IllegalStateException(h.name() + ": its port was taken; " + h.logReport());
    }
  }

  // ------------------------------------------------------------------------ demo services --

  /**
   * The shell command that controls a host's demo service: {@code <host dir>/svc <action>}, with
   * action {@code start}, {@code stop}, {@code restart} or {@code status}. Remotely, {@code ~/svc
   * <action>} is the same.
   */
  public String serviceCommand(int host, String action) {
    return Processes.shellQuote(host(host).svc().toString()) + " " + action;
  }

  /** Starts every host's demo service (locally, in parallel) and waits until each listens. */
  public void startAllServices() {
    services().onAll("start");
  }

  /** Stops every host's demo service. */
  public void stopAllServices() {
    services().onAll("stop");
  }

  /** Every start and stop so far, in the order they were logged. */
  public List<ServiceEvent> events() {
    return services().events();
  }

  /** The events of one host, in order. */
  public List<ServiceEvent> events(int host) {
    String name = name(host);
    return events().stream().filter(e -> e.host().equals(name)).toList();
  }

  /** The pid of a host's running demo service, or -1 if it does not run. */
  public long servicePid(int host) {
    return services().pid(host(host));
  }

  /** Whether a host's demo service runs. */
  public boolean serviceRunning(int host) {
    return servicePid(host) > 0;
  }

  /** Makes the next {@code svc start} on a host fail (exit 1, a message on stderr). */
  public void failNextStart(int host) {
    services().setFlag(host(host), "fail-start", "once\n");
  }

  /** Makes every {@code svc start} on a host fail until {@link #clearFailStart}. */
  public void failEveryStart(int host) {
    services().setFlag(host(host), "fail-start", "always\n");
  }

  /** Undoes {@link #failNextStart} and {@link #failEveryStart}. */
  public void clearFailStart(int host) {
    services().clearFlag(host(host), "fail-start");
  }

  /** Makes a host's demo service answer 503 (false) or 200 (true, the default) to requests. */
  public void setServiceHealthy(int host, boolean healthy) {
    if (healthy) {
      services().clearFlag(host(host), "unhealthy");
    } else {
      services().setFlag(host(host), "unhealthy", "");
    }
  }

  private DemoServices services() {
    checkRunning();
    return services;
  }

  @Override
  public String toString() {
    return "SshdFleet of " + size + " hosts" + (network != null ? " on " + network : "");
  }
}

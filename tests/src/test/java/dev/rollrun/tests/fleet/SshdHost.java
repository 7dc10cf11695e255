package dev.rollrun.tests.fleet;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One host of an {@link SshdFleet}: a real {@code /usr/sbin/sshd} listening on {@code
 * 127.X.Y.i:port}, with its own ed25519 host key, and the directory of its demo service.
 *
 * <p>Its directory holds {@code sshd_config}, {@code ssh_host_ed25519_key(.pub)}, {@code sshd.log}
 * (sshd's {@code -E} log), {@code sshd.pid}, the service's control script {@code svc}, {@code
 * service.pid}, {@code service.log}, and the flags {@code fail-start} and {@code unhealthy} while
 * they are set. Remote commands see it as {@code $HOME}, so {@code ~/svc stop} works on every host.
 *
 * <p>Obtained from {@link SshdFleet#host(int)}; the fleet owns its lifecycle.
 */
public final class SshdHost {

  static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final int index;
  private final String address;
  private final Path dir;
  private final Path sshd;
  private int sshPort;
  private final int servicePort;
  private Process listener;
  private boolean closed;

  /** Connections a restarted listener left behind: no longer its children, still ours to end. */
  private final List<ProcessHandle> orphanedConnections = new ArrayList<>();

  SshdHost(int index, String address, Path dir, Path sshd) {
    this.index = index;
    this.address = address;
    this.dir = dir;
    this.sshd = sshd;
    int[] ports = FleetNetwork.freePorts(address, 2);
    this.sshPort = ports[0];
    this.servicePort = ports[1];
  }

  /** 1-based position in the fleet. */
  public int index() {
    return index;
  }

  /** {@code h1}, {@code h2}, ...: its name in the inventory, ssh_config and event log. */
  public String name() {
    return "h" + index;
  }

  /** {@code 127.X.Y.i}. */
  public String address() {
    return address;
  }

  /** The port sshd listens on. */
  public synchronized int sshPort() {
    return sshPort;
  }

  /** The port the demo service listens on (on {@link #address()}). */
  public int servicePort() {
    return servicePort;
  }

  /** The host's directory, also {@code $HOME} of its remote commands. */
  public Path dir() {
    return dir;
  }

  public Path sshdConfig() {
    return dir.resolve("sshd_config");
  }

  public Path sshdLog() {
    return dir.resolve("sshd.log");
  }

  public Path hostKey() {
    return dir.resolve("ssh_host_ed25519_key");
  }

  /** The demo service's control script: {@code svc start|stop|restart|status}. */
  public Path svc() {
    return dir.resolve("svc");
  }

  public Path servicePidFile() {
    return dir.resolve("service.pid");
  }

  public Path serviceLog() {
    return dir.resolve("service.log");
  }

  /** The pid of the sshd listener, or -1 when it is not running. */
  public synchronized long sshdPid() {
    return listener != null && listener.isAlive() ? listener.pid() : -1;
  }

  /** The {@code known_hosts} line for this host's current key. */
  public String knownHostsLine() {
    String[] pub = read(dir.resolve("ssh_host_ed25519_key.pub")).strip().split("\\s+");
    return "[" + address + "]:" + sshPort() + " " + pub[0] + " " + pub[1];
  }

  /** Generates a new ed25519 host key, replacing the current one. */
  void generateHostKey() {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(hostKey());
      Files.deleteIfExists(dir.resolve("ssh_host_ed25519_key.pub"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Processes.check(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            name(),
            "-f",
            hostKey().toString()),
        Duration.ofSeconds(30));
  }

  /** Writes {@code sshd_config} for the current port. */
  synchronized void writeSshdConfig(Path authorizedKeys, List<String> extraOptions) {
    List<String> lines = new ArrayList<>();
    lines.add("# sshd of fleet host " + name() + " (written by SshdFleet)");
    lines.add("ListenAddress " + address + ":" + sshPort);
    lines.add("HostKey " + quote(hostKey()));
    lines.add("PidFile " + quote(dir.resolve("sshd.pid")));
    lines.add("AuthorizedKeysFile " + quote(authorizedKeys));
    lines.add("PubkeyAuthentication yes");
    lines.add("PermitRootLogin prohibit-password");
    lines.add("PasswordAuthentication no");
    lines.add("KbdInteractiveAuthentication no");
    lines.add("UsePAM no");
    lines.add("StrictModes no");
    lines.add("MaxStartups 50:30:200");
    lines.add("MaxSessions 20");
    lines.add("PrintMotd no");
    lines.add("PrintLastLog no");
    lines.add("UseDNS no");
    // The login user keeps its shell, but with HOME here its rc files (root's ~/.bashrc runs
    // `pyenv init`: 150-200 ms per command) are not read. ~/.ssh/rc would be read from the
    // real home directory, which sshd changes into: switch it off too.
    lines.add("PermitUserRC no");
    lines.add("SetEnv HOST_ID=" + name() + " \"HOME=" + dir + "\"");
    lines.add("Subsystem sftp internal-sftp");
    lines.add("LogLevel INFO");
    lines.addAll(extraOptions);
    write(sshdConfig(), String.join("\n", lines) + "\n");
  }

  /** Starts the sshd listener (does not wait for it: see {@link #awaitListening()}). */
  synchronized void startSshd() {
    if (closed) {
      throw new IllegalStateException(name() + ": the fleet was closed");
    }
    if (listener != null && listener.isAlive()) {
      throw new IllegalStateException(name() + ": sshd already runs (pid " + listener.pid() + ")");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                sshd.toString(), "-D", "-f", sshdConfig().toString(), "-E", sshdLog().toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.out").toFile()));
    try {
      listener = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(name() + ": cannot start " + sshd, e);
    }
  }

  /**
   * Waits until sshd listens (the kernel then accepts connections for it); fails with its log if it
   * does not within 10 s. Polls the kernel's socket table rather than connecting: every connection
   * costs sshd a fork and re-exec, which adds up over 50 hosts.
   *
   * @return false if it could not bind its port (taken meanwhile): choose another and retry
   */
  boolean awaitListening() {
    Process process;
    int port;
    synchronized (this) {
      process = listener;
      port = sshPort;
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!FleetNetwork.listening(address, port)) {
      if (!process.isAlive()) {
        if (logs().contains("Address already in use")) {
          return false;
        }
        throw new IllegalStateException(
            name() + ": sshd exited with " + process.exitValue() + " at start; " + logReport());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name()
                + ": sshd does not listen on "
                + address
                + ":"
                + port
                + " after "
                + START_TIMEOUT.toSeconds()
                + " s; "
                + logReport());
      }
      Processes.sleep(Duration.ofMillis(5));
    }
    return true;
  }

  /** Picks a new free port after a failed bind. */
  synchronized void choosePort() {
    int[] ports = FleetNetwork.freePorts(address, 2);
    sshPort = ports[0] != servicePort ? ports[0] : ports[1];
  }

  /**
   * Stops the sshd listener. With {@code keepConnections} the established connections live on (as
   * when an operator restarts sshd); otherwise they are killed as well, with everything they run.
   */
  synchronized void stopSshd(boolean keepConnections) {
    if (listener == null) {
      return;
    }
    List<ProcessHandle> connections = listener.toHandle().children().toList();
    Processes.terminate(listener.toHandle(), Duration.ofSeconds(5));
    try {
      listener.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    listener = null;
    if (keepConnections) {
      orphanedConnections.addAll(connections);
    } else {
      connections.forEach(c -> Processes.killTree(c, Duration.ofSeconds(5)));
      killOrphanedConnections();
    }
  }

  /**
   * Kills every connection (the per-connection sshd processes and what they run), keeping the
   * listener: clients see the connection closed by the remote host.
   */
  synchronized void dropConnections() {
    for (int round = 0; round < 10; round++) {
      List<ProcessHandle> victims = new ArrayList<>();
      if (listener != null) {
        listener.toHandle().children().forEach(c -> victims.addAll(Processes.tree(c)));
      }
      orphanedConnections.forEach(c -> victims.addAll(Processes.tree(c)));
      orphanedConnections.clear();
      if (victims.isEmpty()) {
        return;
      }
      Processes.killAll(victims, Duration.ofSeconds(5));
    }
  }

  /**
   * Sends {@code signal} ({@code STOP}, {@code CONT}) to the sshd processes of every connection,
   * not to the commands they run: with STOP the host stops answering on its connections, as a hung
   * machine does, while what it runs goes on; the listener still accepts.
   */
  synchronized void signalConnections(String signal) {
    List<ProcessHandle> connections = new ArrayList<>(orphanedConnections);
    if (listener != null) {
      connections.addAll(listener.toHandle().children().toList());
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    for (ProcessHandle connection : connections) {
      for (ProcessHandle p : Processes.tree(connection)) {
        if (Processes.commandLine(p.pid()).startsWith("sshd")) {
          command.add(String.valueOf(p.pid()));
        }
      }
    }
    if (command.size() > 2) {
      Processes.run(command, Duration.ofSeconds(10));
    }
  }

  /** Stops sshd and every connection for good. */
  synchronized void close() {
    closed = true;
    stopSshd(false);
    killOrphanedConnections();
  }

  private void killOrphanedConnections() {
    orphanedConnections.forEach(c -> Processes.killTree(c, Duration.ofSeconds(5)));
    orphanedConnections.clear();
  }

  /** sshd's logs, for failure messages. */
  String logReport() {
    return "sshd log " + sshdLog() + ":\n" + logs();
  }

  private String logs() {
    String log = Files.exists(sshdLog()) ? read(sshdLog()) : "(none)";
    Path out = dir.resolve("sshd.out");
    String stdout = Files.exists(out) ? read(out) : "";
    return log.strip() + (stdout.isBlank() ? "" : "\nsshd output:\n" + stdout.strip());
  }

  /** A path as an sshd_config/ssh_config argument (quoted when it needs to be). */
  static String quote(Path path) {
    String s = path.toString();
    return s.matches("[A-Za-z0-9_./@%+=:,-]+") ? s : "\"" + s + "\"";
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name() + " " + address + ":" + sshPort();
  }
}

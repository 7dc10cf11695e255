package dev.rollrun.tests.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SshdFleetTest {

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(3).build();

  @BeforeAll
  static void startServices() {
    fleet.startAllServices();
  }

  @Test
  void everyHostAnswersWithItsIdentityUnderStrictHostKeyChecking() throws IOException {
    assertEquals(3, fleet.size());
    String prefix = fleet.network().replace(".0/24", ".");
    assertEquals(List.of(prefix + "1", prefix + "2", prefix + "3"), fleet.addresses());
    assertEquals(3, fleet.ports().stream().distinct().count());

    // exactly the command a developer would type; StrictHostKeyChecking comes from ssh_config
    CommandResult result =
        Processes.run(
            List.of("ssh", "-F", fleet.sshConfig().toString(), "h2", "echo $HOST_ID"),
            Duration.ofSeconds(30));
    assertTrue(result.ok(), result::describe);
    assertEquals("h2", result.output());
    for (int i = 1; i <= 3; i++) {
      assertEquals("h" + i, fleet.run(i, "echo $HOST_ID"));
    }

    List<String> knownHosts = Files.readAllLines(fleet.knownHosts());
    assertEquals(3, knownHosts.size());
    for (int i = 1; i <= 3; i++) {
      assertTrue(
          knownHosts
              .get(i - 1)
              .matches(
                  "\\["
                      + fleet.address(i).replace(".", "\\.")
                      + "]:"
                      + fleet.port(i)
                      + " ssh-ed25519 [A-Za-z0-9+/=]+"),
          knownHosts.get(i - 1));
    }
    String sshConfig = Files.readString(fleet.sshConfig());
    assertTrue(sshConfig.contains("StrictHostKeyChecking yes"), sshConfig);

    String inventory = Files.readString(fleet.inventory());
    assertTrue(inventory.contains("  user: " + fleet.user() + "\n"), inventory);
    assertTrue(inventory.contains("  identity: " + fleet.privateKey() + "\n"), inventory);
    assertTrue(
        inventory.contains(
            "  h3:\n    address: "
                + fleet.address(3)
                + "\n    port: "
                + fleet.port(3)
                + "\n    roles: [app]\n    vars: { service.port: "
                + fleet.servicePort(3)
                + " }\n"),
        inventory);
  }

  @Test
  void remoteCommandsRunInACleanShellAndAreFast() throws Exception {
    // HOME is the host's directory: the login user's ~/.bashrc (pyenv init as root) is not read
    assertEquals(
        fleet.hostDir(1) + "|" + "h1" + "|",
        fleet.run(1, "echo \"$HOME|$HOST_ID|${PYENV_ROOT:-}\""));

    long[] fresh = new long[8];
    for (int i = 0; i < fresh.length; i++) {
      CommandResult r = fleet.ssh(1, "true");
      assertTrue(r.ok(), r::describe);
      fresh[i] = r.elapsed().toMillis();
    }

    Path socket = fleet.dir().resolve("mux-h1");
    Process master =
        new ProcessBuilder(
                "ssh",
                "-F",
                fleet.sshConfig().toString(),
                "-M",
                "-S",
                socket.toString(),
                "-N",
                "h1")
            .redirectErrorStream(true)
            .start();
    try {
      awaitTrue(() -> Files.exists(socket), Duration.ofSeconds(10), "the control socket");
      long[] reused = new long[20];
      for (int i = 0; i < reused.length; i++) {
        CommandResult r =
            Processes.run(
                List.of(
                    "ssh",
                    "-F",
                    fleet.sshConfig().toString(),
                    "-S",
                    socket.toString(),
                    "h1",
                    "true"),
                Duration.ofSeconds(30));
        assertTrue(r.ok(), r::describe);
        reused[i] = r.elapsed().toMillis();
      }
      // ~140 ms against ~10 ms on an idle machine (TESTBED.md): a shared connection must win.
      assertTrue(
          median(reused) < median(fresh),
          "per command: new connection median "
              + median(fresh)
              + " ms, over an open connection (ControlMaster) median "
              + median(reused)
              + " ms");
    } finally {
      master.destroy();
      master.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void stopAndStartOverSshAreLoggedInOrderWithDistinctPids() throws IOException {
    long first = fleet.servicePid(1);
    assertTrue(first > 0, "the service of h1 runs");
    assertEquals("h1 ok", httpGet(1));
    assertEquals("h1: running (pid " + first + ")", fleet.run(1, "~/svc status"));

    assertEquals("h1: stopped (pid " + first + ")", fleet.run(1, "~/svc stop"));
    assertFalse(fleet.serviceRunning(1));
    assertFalse(Processes.isAlive(first), "stop waits until the process is gone");
    assertEquals(3, fleet.ssh(1, "~/svc status").exitCode());

    fleet.run(1, fleet.serviceCommand(1, "start"));
    long second = fleet.servicePid(1);
    assertTrue(second > 0);
    assertNotEquals(first, second);
    assertEquals("h1 ok", httpGet(1));

    List<ServiceEvent> events = fleet.events(1);
    List<ServiceEvent> last = events.subList(events.size() - 3, events.size());
    assertEquals(
        List.of("start " + first, "stop " + first, "start " + second),
        last.stream().map(e -> e.action() + " " + e.pid()).toList());
    assertTrue(last.get(0).millis() <= last.get(1).millis(), last::toString);
    assertTrue(last.get(1).millis() <= last.get(2).millis(), last::toString);
  }

  @Test
  void concurrentRestartsOnAllHostsLogWholeLines() {
    int before = fleet.events().size();
    List<CompletableFuture<String>> restarts = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 1; i <= 3; i++) {
        int host = i;
        restarts.add(CompletableFuture.supplyAsync(() -> fleet.run(host, "~/svc restart")));
      }
      restarts.forEach(CompletableFuture::join);
    }
    List<ServiceEvent> events = fleet.events(); // parsing fails on a torn or mixed line
    List<ServiceEvent> logged = events.subList(before, events.size());
    assertEquals(3 * 3 * 2, logged.size(), logged::toString);
    for (int i = 1; i <= 3; i++) {
      String host = "h" + i;
      List<String> own =
          logged.stream().filter(e -> e.host().equals(host)).map(ServiceEvent::action).toList();
      assertEquals(List.of("stop", "start", "stop", "start", "stop", "start"), own, host);
      assertTrue(fleet.serviceRunning(i));
    }
  }

  @Test
  void aStartCanBeMadeToFail() {
    fleet.run(3, "~/svc stop");
    fleet.failNextStart(3);

    CommandResult failed = fleet.ssh(3, "~/svc start");
    assertEquals(1, failed.exitCode(), failed::describe);
    assertTrue(failed.stderr().contains("h3: demo service failed to start"), failed::describe);
    assertFalse(fleet.serviceRunning(3));
    List<ServiceEvent> events = fleet.events(3);
    assertEquals(ServiceEvent.START_FAILED, events.get(events.size() - 1).action());

    fleet.run(3, "~/svc start"); // only the next start fails
    assertTrue(fleet.serviceRunning(3));

    fleet.failEveryStart(3);
    fleet.run(3, "~/svc stop");
    assertEquals(1, fleet.ssh(3, "~/svc start").exitCode());
    assertEquals(1, fleet.ssh(3, "~/svc start").exitCode());
    fleet.clearFailStart(3);
    fleet.run(3, "~/svc start");
    assertTrue(fleet.serviceRunning(3));
  }

  @Test
  void aServiceCanBeMadeUnhealthy() throws IOException {
    fleet.setServiceHealthy(2, false);
    try {
      assertEquals("h2 unhealthy", httpGet(2));
    } finally {
      fleet.setServiceHealthy(2, true);
    }
    assertEquals("h2 ok", httpGet(2));
  }

  @Test
  void aRotatedHostKeyIsRefused() {
    try {
      fleet.rotateHostKey(2);
      CommandResult refused = fleet.ssh(2, "true");
      assertEquals(255, refused.exitCode(), refused::describe);
      assertTrue(refused.stderr().contains("Host key verification failed"), refused::describe);
      assertEquals("h1", fleet.run(1, "echo $HOST_ID"), "other hosts are not affected");
    } finally {
      fleet.trustCurrentHostKeys();
    }
    assertEquals("h2", fleet.run(2, "echo $HOST_ID"));
  }

  @Test
  void droppedConnectionsEndARunningCommand() throws Exception {
    Process client =
        new ProcessBuilder(fleet.sshCommand(1, "sleep 30")).redirectErrorStream(true).start();
    ProcessHandle listener = ProcessHandle.of(fleet.host(1).sshdPid()).orElseThrow();
    awaitTrue(
        () ->
            listener.descendants().anyMatch(p -> Processes.commandLine(p.pid()).equals("sleep 30")),
        Duration.ofSeconds(10),
        "sleep 30 running on h1");
    List<ProcessHandle> connection = listener.descendants().toList();

    fleet.dropConnections(1);
    assertTrue(client.waitFor(5, TimeUnit.SECONDS), "the client notices the dropped connection");
    assertEquals(255, client.exitValue());
    connection.forEach(p -> assertFalse(Processes.isAlive(p.pid()), "gone: " + p.pid()));
    assertEquals(listener.pid(), fleet.host(1).sshdPid(), "the listener stays");
    assertEquals("h1", fleet.run(1, "echo $HOST_ID"), "new connections work");
  }

  @Test
  void closeLeavesNoProcessBehind() throws Exception {
    SshdFleet other = SshdFleet.start(2);
    List<Long> pids = new ArrayList<>();
    Process client;
    try {
      other.startAllServices();
      client =
          new ProcessBuilder(other.sshCommand(2, "sleep 60")).redirectErrorStream(true).start();
      ProcessHandle listener = ProcessHandle.of(other.host(2).sshdPid()).orElseThrow();
      awaitTrue(
          () ->
              listener
                  .descendants()
                  .anyMatch(p -> Processes.commandLine(p.pid()).equals("sleep 60")),
          Duration.ofSeconds(10),
          "sleep 60 running on h2");
      // the running connection outlives this listener: close() must still end it
      listener.descendants().forEach(p -> pids.add(p.pid()));
      other.rotateHostKey(2);
      for (int i = 1; i <= 2; i++) {
        pids.add(other.host(i).sshdPid());
        pids.add(other.servicePid(i));
      }
      assertTrue(pids.stream().allMatch(Processes::isAlive), pids::toString);
    } finally {
      other.close();
    }
    for (long pid : pids) {
      assertFalse(
          Processes.isAlive(pid), "still running: " + pid + " " + Processes.commandLine(pid));
      assertFalse(
          Files.exists(Path.of("/proc", Long.toString(pid)))
              && !Files.readString(Path.of("/proc", Long.toString(pid), "stat")).contains(") Z"),
          "not even as a non-zombie: " + pid);
    }
    assertTrue(client.waitFor(5, TimeUnit.SECONDS));
    assertThrows(IllegalStateException.class, () -> other.run(1, "true"));
    other.close(); // twice is fine
  }

  @Test
  void theNextFleetEndsWhatAKilledJvmLeftRunning(@TempDir Path parent) {
    SshdFleet orphan = SshdFleet.builder().hosts(2).directory(parent).build();
    orphan.start();
    orphan.startAllServices();
    List<Long> pids =
        List.of(
            orphan.host(1).sshdPid(),
            orphan.host(2).sshdPid(),
            orphan.servicePid(1),
            orphan.servicePid(2));
    try {
      // as if its JVM had been killed: same pid, another start time
      SshdHost.write(
          orphan.dir().resolve(StaleFleets.OWNER), ProcessHandle.current().pid() + " 1\n");
      assertEquals(
          List.of("killed 4 processes left behind by " + orphan.dir()), StaleFleets.reap(parent));
      for (long pid : pids) {
        assertFalse(Processes.isAlive(pid), "reaped: " + pid + " " + Processes.commandLine(pid));
      }
      assertTrue(Files.exists(orphan.dir().resolve(StaleFleets.CLOSED)));
    } finally {
      orphan.close();
    }
  }

  @Test
  void aMissingSshdFailsWithAClearMessage() {
    SshdFleet broken = SshdFleet.builder().hosts(1).sshd(Path.of("/nonexistent/sshd")).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, broken::start);
    assertTrue(e.getMessage().contains("/nonexistent/sshd is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y openssh-server"), e.getMessage());
  }

  @Test
  void anSshdThatDoesNotStartFailsWithItsLog(@TempDir Path temp) throws IOException {
    Path fake = temp.resolve("sshd");
    Files.writeString(
        fake,
        "#!/bin/sh\n[ \"$1\" = -t ] && exit 0\necho 'fatal: no way this starts' >&2\nexit 1\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    SshdFleet broken = SshdFleet.builder().hosts(2).sshd(fake).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, broken::start);
    assertTrue(e.getMessage().contains("h1: sshd exited with 1 at start"), e.getMessage());
    assertTrue(e.getMessage().contains("fatal: no way this starts"), e.getMessage());
  }

  private static String httpGet(int host) throws IOException {
    try (Socket socket = new Socket(fleet.address(host), fleet.servicePort(host))) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.substring(response.indexOf("\r\n\r\n") + 4).strip();
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Processes.sleep(Duration.ofMillis(20));
    }
  }
}

package dev.rollrun.tests.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real ZooKeeper ensemble for tests: one {@code QuorumPeerMain} process per member (the server of
 * the zookeeper jar on the test class path), on 127.0.0.1 with ports of their own, AdminServer off,
 * the four-letter words {@code srvr}, {@code mntr} and {@code ruok} allowed. Started together (a
 * member alone waits for its quorum); {@link #close()} kills every process it started.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(60);

  private final Path dir;
  private final List<int[]> ports = new ArrayList<>();
  private final List<Process> members = new ArrayList<>();

  private ZooKeeperEnsemble(Path dir) {
    this.dir = dir;
  }

  /** Starts {@code size} members and waits until each serves as leader or follower. */
  public static ZooKeeperEnsemble start(int size, Path dir) {
    ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(dir);
    try {
      for (int i = 0; i < size; i++) {
        ensemble.ports.add(new int[] {freePort(), freePort(), freePort()});
      }
      for (int i = 1; i <= size; i++) {
        ensemble.members.add(ensemble.startMember(i));
      }
      ensemble.awaitServing();
      return ensemble;
    } catch (IOException | RuntimeException e) {
      ensemble.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** The connect string: {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
  public String connectString() {
    return ports.stream().map(p -> "127.0.0.1:" + p[0]).collect(Collectors.joining(","));
  }

  private Process startMember(int id) throws IOException {
    Path data = Files.createDirectories(dir.resolve("zk" + id));
    Files.writeString(data.resolve("myid"), id + "\n");
    StringBuilder cfg = new StringBuilder();
    cfg.append("tickTime=500\ninitLimit=20\nsyncLimit=10\n")
        .append("dataDir=")
        .append(data)
        .append('\n')
        .append("clientPortAddress=127.0.0.1\nclientPort=")
        .append(ports.get(id - 1)[0])
        .append('\n')
        .append("admin.enableServer=false\n")
        .append("4lw.commands.whitelist=srvr,mntr,ruok\n")
        .append("minSessionTimeout=1000\nmaxSessionTimeout=60000\n");
    for (int i = 1; i <= ports.size(); i++) {
      cfg.append("server.")
          .append(i)
          .append("=127.0.0.1:")
          .append(ports.get(i - 1)[1])
          .append(':')
          .append(ports.get(i - 1)[2])
          .append('\n');
    }
    Path config = data.resolve("zoo.cfg");
    Files.writeString(config, cfg);
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m",
            "-Dzookeeper.jmx.log4j.disable=true",
            "-cp",
            System.getProperty("java.class.path"),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(data.resolve("server.log").toFile())
        .start();
  }

  private void awaitServing() {
    long deadline = System.nanoTime() + START.toNanos();
    for (int i = 0; i < ports.size(); i++) {
      while (true) {
        String mode = mode(i + 1);
        if (mode.equals("leader") || mode.equals("follower")) {
          break;
        }
        if (!members.get(i).isAlive()) {
          throw new IllegalStateException(
              "ZooKeeper member " + (i + 1) + " died; see " + dir.resolve("zk" + (i + 1)));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "ZooKeeper member "
                  + (i + 1)
                  + " not serving within "
                  + START.toSeconds()
                  + "s; see "
                  + dir.resolve("zk" + (i + 1)));
        }
        sleep(200);
      }
    }
  }

  /** A member's mode from {@code srvr}: leader, follower, or empty when it does not answer. */
  public String mode(int member) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", ports.get(member - 1)[0]), 1000);
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills every member, all at once (stopping them one by one would lose the quorum). */
  @Override
  public void close() {
    members.forEach(Process::destroyForcibly);
    for (Process member : members) {
      try {
        member.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

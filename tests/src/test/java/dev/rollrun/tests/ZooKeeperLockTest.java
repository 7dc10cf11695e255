package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.ZooKeeperEnsemble;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One roll per cluster across machines: real {@code rollrun} processes with separate state
 * directories (two operators' machines) and a {@code lock:} in a real 3-member ZooKeeper ensemble.
 */
@Tag("cluster")
class ZooKeeperLockTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");

  @TempDir static Path shared;
  @TempDir Path dir;

  private static ZooKeeperEnsemble zookeeper;

  @BeforeAll
  static void startZooKeeper() {
    zookeeper = ZooKeeperEnsemble.start(3, shared);
  }

  @AfterAll
  static void stopZooKeeper() {
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  private Path playbook(String lockPath, String sessionTimeout) throws IOException {
    return playbook(lockPath, sessionTimeout, "");
  }

  private Path playbook(String lockPath, String sessionTimeout, String moreSteps)
      throws IOException {
    Path playbook = dir.resolve("locked.yml");
    Files.writeString(
        playbook,
        """
        name: locked demo
        inventory: demo:2
        service: { name: demo, stop: demo-service stop, start: demo-service start }
        lock:
          zookeeper: "%s"
          path: %s
          session-timeout: %s
        health:
          interval: 200ms
          consecutive: 1
          timeout: 20s
          all: [ { tcp: { port: "{{ host.vars.service_port }}" } } ]
        steps:
          post-stop:
            - run: "sleep 2"
        """
                .formatted(zookeeper.connectString(), lockPath, sessionTimeout)
            + moreSteps.indent(2));
    return playbook;
  }

  private Process start(Path playbook, String machine, String... more) throws IOException {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                DIST.toString(),
                playbook.toString(),
                "--commit",
                "--yes",
                "--state-dir",
                dir.resolve(machine).toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** What {@code rollrun runs --lock LOCK} prints, from a machine without any journal. */
  private String runsLock(String lock) throws Exception {
    Ended ended = askLock(lock);
    assertEquals(0, ended.exitCode(), ended.output());
    return ended.output();
  }

  /** {@code rollrun runs --lock LOCK}, run from a machine without any journal. */
  private Ended askLock(String lock) throws Exception {
    return finish(
        new ProcessBuilder(
                DIST.toString(),
                "runs",
                "--lock",
                lock,
                "--state-dir",
                dir.resolve("elsewhere").toString())
            .redirectErrorStream(true)
            .start());
  }

  private record Ended(int exitCode, String output) {}

  private static Ended finish(Process process) throws Exception {
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(90, TimeUnit.SECONDS), output);
    return new Ended(process.exitValue(), output);
  }

  private static String data(String path) throws Exception {
    try (CuratorFramework client =
        CuratorFrameworkFactory.newClient(zookeeper.connectString(), new RetryOneTime(200))) {
      client.start();
      client.blockUntilConnected(10, TimeUnit.SECONDS);
      return client.checkExists().forPath(path) == null
          ? null
          : new String(client.getData().forPath(path), StandardCharsets.UTF_8);
    }
  }

  @Test
  void twoRunnersAtOnceOnOneClusterExactlyOneProceeds() throws Exception {
    // The holder waits at its first step until the other runner has ended: the two overlap
    // however long each takes to start. The session timeout is the default one: a runner starved
    // of CPU for longer than its session lasts loses its lock (and stops before its first node),
    // which is not what this test is about.
    Path go = dir.resolve("go");
    Path playbook =
        playbook(
            "/rollrun/locks/at-once",
            "15s",
            "pre-cluster:\n    - local: \"while [ ! -e '" + go + "' ]; do sleep 0.1; done\"\n");
    // Each runner on a thread of its own: the common pool may have a single worker, which the
    // holder's wait would keep from ever running the other.
    CompletableFuture<Ended> a =
        CompletableFuture.supplyAsync(
            () -> run(playbook, "machine-a"), ZooKeeperLockTest::ownThread);
    CompletableFuture<Ended> b =
        CompletableFuture.supplyAsync(
            () -> run(playbook, "machine-b"), ZooKeeperLockTest::ownThread);
    Ended first = (Ended) CompletableFuture.anyOf(a, b).get(120, TimeUnit.SECONDS);
    assertEquals(3, first.exitCode(), "the runner that ended first was refused: " + first);
    Files.writeString(go, "");
    List<Ended> ended = List.of(a.get(120, TimeUnit.SECONDS), b.get(120, TimeUnit.SECONDS));
    long done = ended.stream().filter(e -> e.exitCode() == 0).count();
    assertEquals(1, done, "exactly one rolled: " + ended);
    Ended refused = first;
    assertTrue(
        refused.output().contains("another roll of this cluster is in progress: run "),
        refused.output());
    assertTrue(refused.output().contains("holds the lock"), refused.output());
    assertTrue(!refused.output().contains("demo-service stop  ok"), "nothing touched: " + refused);
    assertEquals(null, data("/rollrun/locks/at-once"), "released when the run ended");
  }

  private static void ownThread(Runnable task) {
    new Thread(task, "runner").start();
  }

  private Ended run(Path playbook, String machine) {
    try {
      return finish(start(playbook, machine));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anEnsembleThatCannotBeReachedIsSaidInOneLine() throws Exception {
    Ended ended = askLock("zookeeper://127.0.0.1:1/rollrun/locks/nowhere");
    assertEquals(
        "rollrun: cannot reach ZooKeeper at 127.0.0.1:1 within 10s to read the lock"
            + " /rollrun/locks/nowhere\n",
        ended.output());
    assertEquals(3, ended.exitCode(), "a lock that cannot be asked is the cluster's to look at");
  }

  @Test
  void theLockShowsItsHolderAndGoesAwayWhenTheHolderIsKilled() throws Exception {
    Path playbook = playbook("/rollrun/locks/killed", "20s");
    Process holder = start(playbook, "machine-a");
    String runId = null;
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      Matcher m = Pattern.compile("\\(plan \\w+, run (\\S+)\\)").matcher(line);
      if (m.find()) {
        runId = m.group(1);
      }
      if (line.contains("demo-service stop  ok")) {
        break; // the first node is down: the run is well under way
      }
    }
    assertTrue(runId != null, seen.toString());
    String data = data("/rollrun/locks/killed");
    assertTrue(data != null && data.contains("\"run\":\"" + runId + "\""), data);
    assertTrue(data.contains("\"pid\":" + holder.pid()), data);
    String lock = "zookeeper://" + zookeeper.connectString() + "/rollrun/locks/killed";
    String asked = runsLock(lock);
    assertTrue(asked.startsWith("roll in progress: run " + runId + " of "), asked);
    assertTrue(asked.contains("(pid " + holder.pid() + ")"), asked);

    holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    // Its session lasts 20 s after the kill: long enough for a runner to start on a slow machine.
    Ended refused = finish(start(playbook, "machine-b"));
    assertEquals(
        3, refused.exitCode(), "the dead holder's session has not expired yet: " + refused);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (data("/rollrun/locks/killed") != null && System.nanoTime() < deadline) {
      Thread.sleep(500); // the dead holder's 20 s session runs out
    }
    assertEquals(null, data("/rollrun/locks/killed"), "the ephemeral lock node went away");
    assertTrue(runsLock(lock).startsWith("no roll in progress"), runsLock(lock));
    Ended proceeds = finish(start(playbook, "machine-b"));
    assertEquals(0, proceeds.exitCode(), proceeds.output());
    assertTrue(proceeds.output().contains("roll done: 2 of 2 node(s) done"), proceeds.output());
  }

  @Test
  void breakLockTakesTheLockAndTheHolderStopsBeforeItsFirstNode() throws Exception {
    Path go = dir.resolve("go");
    Path playbook =
        playbook(
            "/rollrun/locks/broken",
            "60s",
            "pre-cluster:\n    - local: \"while [ ! -e '" + go + "' ]; do sleep 0.1; done\"\n");
    Process holder = start(playbook, "machine-a");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (data("/rollrun/locks/broken") == null && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    String held = data("/rollrun/locks/broken");
    assertTrue(held != null && held.contains("\"pid\":" + holder.pid()), String.valueOf(held));

    Process breaker = start(playbook, "machine-b", "--break-lock");
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(breaker.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      if (line.startsWith("broke the lock of run ")) {
        break;
      }
    }
    assertTrue(seen.toString().contains("broke the lock of run "), seen.toString());
    assertTrue(seen.toString().contains("(pid " + holder.pid() + ")"), seen.toString());
    Files.writeString(go, "");
    Ended broken = finish(holder);
    seen.append(new String(breaker.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(breaker.waitFor(90, TimeUnit.SECONDS), seen.toString());
    assertEquals(0, breaker.exitValue(), seen.toString());
    assertTrue(seen.toString().contains("roll done: 2 of 2 node(s) done"), seen.toString());
    assertEquals(3, broken.exitCode(), broken.output());
    assertTrue(broken.output().contains("the cluster's lock was lost"), broken.output());
    assertTrue(
        broken.output().contains("stopped: the cluster's lock was lost before batch 1"),
        "the summary says why the run stopped, not Ctrl-C: " + broken.output());
    assertTrue(
        !broken.output().contains("demo-service stop  ok"),
        "the holder whose lock was broken stopped no node: " + broken.output());
  }
}

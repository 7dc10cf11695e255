package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One roll per cluster on a machine without any {@code lock:} in the playbook: two operators'
 * shells on one jump host start the same roll at once, each from a directory of its own (so each
 * has a state directory of its own). Exactly one rolls; the other is refused before it touches
 * anything, naming the run that holds the lock.
 */
class OneRollPerClusterTest {

  private static final Path DIST =
      Path.of("runner/cli/target/rollrun/bin/rollrun").toAbsolutePath();

  @RegisterExtension final SshdFleet fleet = SshdFleet.builder().hosts(2).build();

  @TempDir Path dir;

  private record Ended(int exitCode, String output) {}

  /** The distribution's {@code rollrun} with {@code args}, started in {@code cwd}. */
  private Process startIn(Path cwd, String... args) throws IOException {
    Files.createDirectories(cwd);
    List<String> command = new ArrayList<>(List.of(DIST.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    // The default state directory: .rollrun in the directory the roll is started from.
    builder.environment().remove("ROLLRUN_STATE_DIR");
    return builder.start();
  }

  /**
   * What {@code process} printed and its exit code, once it has ended: read on a thread of its own
   * (on a 2-core machine the common pool has one worker, and newer JDKs have CompletableFuture use
   * it even then: the holder's wait would keep the other roll from ever being read).
   */
  private static CompletableFuture<Ended> ended(Process process) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            byte[] output = process.getInputStream().readAllBytes();
            return new Ended(process.waitFor(), new String(output, StandardCharsets.UTF_8));
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        task -> new Thread(task, "output of pid " + process.pid()).start());
  }

  @Test
  void twoRollsOfOneClusterFromTwoDirectoriesAtOnceExactlyOneProceeds() throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    fleet.startAllServices();
    // The holder waits at its first step until the other roll has ended: the two overlap however
    // long each takes to start.
    Path go = dir.resolve("go");
    Path playbook = dir.resolve("roll.yml");
    Files.writeString(
        playbook,
        """
        name: one roll per cluster
        cluster: service
        inventory: %s
        service:
          name: demo
          stop: "~/svc stop"
          start: "~/svc start"
        health:
          interval: 200ms
          consecutive: 1
          timeout: 30s
          all:
            - command: { run: "~/svc status" }
        steps:
          pre-cluster:
            - local: "while [ ! -e '%s' ]; do sleep 0.1; done"
        """
            .formatted(fleet.inventory(), go));
    int before = fleet.events().size();
    String[] args = {
      playbook.toString(), "--commit", "--yes", "--known-hosts", fleet.knownHosts().toString()
    };
    Process first = startIn(dir.resolve("a"), args);
    Process second = startIn(dir.resolve("b"), args);
    Ended refused;
    Ended rolled;
    try {
      CompletableFuture<Ended> a = ended(first);
      CompletableFuture<Ended> b = ended(second);
      refused = (Ended) CompletableFuture.anyOf(a, b).get(120, TimeUnit.SECONDS);
      Files.writeString(go, "");
      Ended fromA = a.get(120, TimeUnit.SECONDS);
      Ended fromB = b.get(120, TimeUnit.SECONDS);
      rolled = refused == fromA ? fromB : fromA;
    } finally {
      Files.writeString(go, ""); // a roll left waiting (both took the lock) ends its wait
      first.destroyForcibly();
      second.destroyForcibly();
    }

    assertEquals(3, refused.exitCode(), "the roll that ended first was refused: " + refused);
    assertTrue(
        refused.output().contains("another roll of this cluster is in progress: run "),
        refused.output());
    assertTrue(refused.output().contains("holds the lock"), refused.output());
    assertFalse(refused.output().contains("~/svc stop  ok"), "nothing touched: " + refused);
    assertEquals(0, rolled.exitCode(), rolled.output());
    assertTrue(rolled.output().contains("roll done: 2 of 2 node(s) done"), rolled.output());
    Map<String, List<String>> perHost =
        fleet.events().subList(before, fleet.events().size()).stream()
            .filter(
                e -> e.action().equals(ServiceEvent.STOP) || e.action().equals(ServiceEvent.START))
            .collect(
                Collectors.groupingBy(
                    ServiceEvent::host,
                    java.util.TreeMap::new,
                    Collectors.mapping(ServiceEvent::action, Collectors.toList())));
    assertEquals(
        Map.of(
            "h1", List.of(ServiceEvent.STOP, ServiceEvent.START),
            "h2", List.of(ServiceEvent.STOP, ServiceEvent.START)),
        perHost,
        "every node restarted once, by the one roll");
  }
}

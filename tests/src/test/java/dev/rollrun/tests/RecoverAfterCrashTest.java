package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner killed (SIGKILL) while a node carries a setting the run owns — a maintenance flag set by
 * a {@code set:} step, the node stopped — leaves the flag behind; {@code rollrun recover} puts it
 * back on that node alone, says so, stops and starts nothing, and has nothing left to do the second
 * time; {@code rollrun resume} then finishes the roll without stopping the node again.
 */
class RecoverAfterCrashTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(2).build();

  @TempDir Path dir;

  @Test
  void recoverPutsBackTheFlagACrashLeftAndResumeFinishesTheRoll() throws Exception {
    fleet.startAllServices();
    Path flag1 = fleet.hostDir(1).resolve("maintenance");
    Path flag2 = fleet.hostDir(2).resolve("maintenance");
    Files.deleteIfExists(flag1);
    Files.deleteIfExists(flag2);
    Path state = dir.resolve("state");
    Path playbook =
        Files.writeString(
            dir.resolve("flagged.yml"),
            """
            name: flagged roll
            inventory: %s
            service: { name: demo, stop: "~/svc stop", start: "~/svc start" }
            health:
              interval: 200ms
              consecutive: 1
              timeout: 15s
              all: [ { command: { run: "~/svc status" } } ]
            steps:
              pre-stop:
                - name: maintenance flag
                  set: "echo on > ~/maintenance"
                  restore: "rm -f ~/maintenance"
              post-stop:
                - run: "echo down; sleep 3"
            """
                .formatted(fleet.inventory()));
    Process rollrun = start(List.of(playbook.toString(), "--commit", "--yes"), state);
    StringBuilder out = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(rollrun.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.append(line).append('\n');
        if (line.contains("| down")) {
          rollrun.destroyForcibly(); // SIGKILL: nothing runs after it, no restore
          break;
        }
      }
    }
    assertTrue(rollrun.waitFor(30, TimeUnit.SECONDS), out.toString());
    assertTrue(Files.exists(flag1), "the killed run left h1's flag set:\n" + out);
    assertFalse(Files.exists(flag2), "h2 was never touched:\n" + out);
    String runId = onlyRun(state);
    long stopsBefore = count(ServiceEvent.STOP);
    long startsBefore = count(ServiceEvent.START);

    String recovered = finish(start(List.of("recover", runId, "--yes"), state), 0);
    assertTrue(recovered.contains("left 1 setting(s) to put back"), recovered);
    assertTrue(
        recovered.contains("h1: restore:pre-stop[0] (restore rm -f ~/maintenance)"),
        "names the node and step: " + recovered);
    assertTrue(recovered.contains("put back   h1"), recovered);
    assertTrue(recovered.contains("every setting run " + runId + " left is put back"), recovered);
    assertFalse(Files.exists(flag1), "recover removed h1's flag:\n" + recovered);
    assertTrue(
        recovered.contains("left part way by the run: h1 (stopped); recover starts nothing"),
        recovered);
    assertFalse(Files.exists(flag2), recovered);
    assertEquals(stopsBefore, count(ServiceEvent.STOP), "recover stops nothing");
    assertEquals(startsBefore, count(ServiceEvent.START), "recover starts nothing");

    String again = finish(start(List.of("recover", runId, "--yes"), state), 0);
    assertTrue(again.contains("left nothing set"), again);

    String resumed = finish(start(List.of("resume", runId, "--yes"), state), 0);
    assertTrue(resumed.contains("roll done: 2 of 2 node(s) done"), resumed);
    assertEquals(2, count(ServiceEvent.STOP), "each node stopped once overall:\n" + resumed);
    assertFalse(Files.exists(flag1), resumed);
    assertFalse(Files.exists(flag2), "h2's flag set and put back by the resumed roll:\n" + resumed);
  }

  @Test
  void recoverOfAnUnknownRunNamesTheStateDirectory() throws Exception {
    String text = finish(start(List.of("recover", "no-such-run", "--yes"), dir), 2);
    assertTrue(text.contains("no run \"no-such-run\""), text);
    assertFalse(text.contains("Exception"), text);
  }

  private Process start(List<String> args, Path state) throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    List<String> command = new ArrayList<>(List.of(DIST.toString()));
    command.addAll(args);
    command.addAll(
        List.of("--known-hosts", fleet.knownHosts().toString(), "--state-dir", state.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String finish(Process process, int exit) throws Exception {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(exit, process.exitValue(), out);
    return out;
  }

  private static String onlyRun(Path state) throws Exception {
    try (Stream<Path> runs = Files.list(state.resolve("runs"))) {
      List<Path> all = runs.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0).getFileName().toString();
    }
  }

  private static long count(String action) {
    return fleet.events().stream().filter(e -> e.action().equals(action)).count();
  }
}

package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.SshdFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * When rollrun gives up on a command still running on a host — the operator's second Ctrl-C exits
 * at once — the command is ended there too (SIGTERM through the SSH channel), instead of going on
 * unseen after rollrun is gone: the step's command would otherwise finish seconds later and leave
 * its mark on a real OpenSSH host.
 */
class GiveUpEndsRemoteCommandsTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(1).build();

  @TempDir Path dir;

  @Test
  void aSecondCtrlCEndsTheCommandRunningOnTheHost() throws Exception {
    fleet.startAllServices();
    Path late = fleet.hostDir(1).resolve("late");
    Files.deleteIfExists(late);
    Path playbook =
        Files.writeString(
            dir.resolve("slow.yml"),
            """
            name: slow step
            inventory: %s
            service: { name: demo, stop: "~/svc stop", start: "~/svc start" }
            health:
              interval: 200ms
              consecutive: 1
              timeout: 15s
              all: [ { command: { run: "~/svc status" } } ]
            steps:
              pre-stop:
                - run: "echo begun; sleep 4; touch ~/late"
            """
                .formatted(fleet.inventory()));
    Process rollrun =
        new ProcessBuilder(
                DIST.toString(),
                playbook.toString(),
                "--commit",
                "--yes",
                "--known-hosts",
                fleet.knownHosts().toString(),
                "--state-dir",
                dir.resolve("state").toString())
            .redirectErrorStream(true)
            .start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(rollrun.getInputStream(), StandardCharsets.UTF_8))) {
      boolean signalled = false;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.append(line).append('\n');
        if (!signalled && line.contains("| begun")) {
          for (int i = 0; i < 2; i++) {
            new ProcessBuilder("kill", "-INT", Long.toString(rollrun.pid())).start().waitFor();
            Thread.sleep(150);
          }
          signalled = true;
        }
      }
    }
    assertTrue(rollrun.waitFor(30, TimeUnit.SECONDS), out.toString());
    assertEquals(130, rollrun.exitValue(), out.toString());
    assertTrue(out.toString().contains("second Ctrl-C: exiting now"), out.toString());
    assertTrue(
        out.toString().contains("ended 1 command(s) still running on hosts (SIGTERM)"),
        out.toString());
    Thread.sleep(6_000); // past the moment the step's command would have finished
    assertFalse(Files.exists(late), "the step's command went on after rollrun exited:\n" + out);
    assertEquals(0, fleet.events().stream().filter(e -> e.action().equals("stop")).count());
  }
}

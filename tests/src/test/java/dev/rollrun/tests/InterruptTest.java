package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real {@code rollrun} process: it stops after the current step and says where. */
class InterruptTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");

  @TempDir Path dir;

  @Test
  void ctrlCStopsAfterTheCurrentStepAndNamesTheStateOfEachNode() throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    Path playbook = dir.resolve("slow-demo.yml");
    Files.writeString(
        playbook,
        """
        name: slow demo
        inventory: demo:3
        service: { name: demo, stop: demo-service stop, start: demo-service start }
        health:
          interval: 200ms
          consecutive: 1
          timeout: 20s
          all: [ { tcp: { port: "{{ host.vars.service_port }}" } } ]
        steps:
          post-stop:
            - run: "sleep 2"
        """);
    Process rollrun =
        new ProcessBuilder(DIST.toString(), playbook.toString(), "--commit", "--yes")
            .redirectErrorStream(true)
            .start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(rollrun.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean signalled = false;
      while ((line = lines.readLine()) != null) {
        out.append(line).append('\n');
        if (!signalled && line.contains("demo-service stop  ok")) {
          // demo-1 is stopped and in its 2 s post-stop step: interrupt now.
          new ProcessBuilder("kill", "-INT", Long.toString(rollrun.pid())).start().waitFor();
          signalled = true;
        }
      }
    }
    assertTrue(rollrun.waitFor(60, TimeUnit.SECONDS), out.toString());
    assertEquals(130, rollrun.exitValue(), out.toString());
    String text = out.toString();
    assertTrue(text.contains("stopping after the current step"), text);
    assertTrue(text.contains("roll INTERRUPTED"), text);
    assertTrue(text.contains("demo-1       stopped  <- left stopped: check this node"), text);
    assertTrue(text.contains("demo-2       pending  (not touched)"), text);
    assertTrue(!text.contains("demo-2       stop"), "demo-2 was never touched: " + text);
  }
}

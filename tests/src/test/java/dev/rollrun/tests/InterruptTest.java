package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C, SIGTERM (a cancelled CI job) and SIGHUP (a closed terminal) on a real {@code rollrun}
 * process: a node already down is started again and its gate awaited, then the run ends and says
 * how to continue it; a second signal ends it at once, naming the node left part way.
 */
class InterruptTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");

  @TempDir Path dir;

  private Path playbook() throws IOException {
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
    return playbook;
  }

  /** Runs rollrun and sends {@code signals} once demo-1 is stopped; its whole output. */
  private String rollAndSignal(Path playbook, List<String> signals, int expectedExit)
      throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    Process rollrun =
        new ProcessBuilder(
                DIST.toString(),
                playbook.toString(),
                "--commit",
                "--yes",
                "--state-dir",
                dir.resolve("state").toString())
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
          // demo-1 is stopped and in its 2 s post-stop step: signal now.
          for (String signal : signals) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(rollrun.pid()))
                .start()
                .waitFor();
            Thread.sleep(100);
          }
          signalled = true;
        }
      }
    }
    assertTrue(rollrun.waitFor(60, TimeUnit.SECONDS), out.toString());
    assertEquals(expectedExit, rollrun.exitValue(), out.toString());
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM", "HUP"})
  void aSignalBringsTheStoppedNodeBackAndEndsTheRunSayingHowToContinue(String signal)
      throws Exception {
    String text = rollAndSignal(playbook(), List.of(signal), 130);
    assertTrue(text.contains("stopping: no further node is stopped"), text);
    assertTrue(text.contains("demo-1       start       run    demo-service start  ok"), text);
    assertTrue(text.contains("roll INTERRUPTED"), text);
    assertTrue(text.contains("demo-1       done"), "brought back and healthy: " + text);
    assertTrue(text.contains("demo-2       pending  (not touched)"), text);
    assertTrue(!text.contains("demo-2       stop"), "demo-2 was never touched: " + text);
    assertTrue(text.contains("continue this run with: rollrun resume "), text);
  }

  @Test
  void aSecondSignalExitsAtOnceNamingTheNodeLeftAndResumeFinishesWithoutStoppingItAgain()
      throws Exception {
    Path playbook = playbook();
    String text = rollAndSignal(playbook, List.of("INT", "INT"), 130);
    assertTrue(text.contains("second Ctrl-C: exiting now; left part way: demo-1 stopped"), text);
    Matcher resume = Pattern.compile("continue with: rollrun resume (\\S+)").matcher(text);
    assertTrue(resume.find(), text);
    Process continued =
        new ProcessBuilder(
                DIST.toString(),
                "resume",
                resume.group(1),
                "--yes",
                "--state-dir",
                dir.resolve("state").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(continued.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(continued.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, continued.exitValue(), out);
    assertTrue(out.contains("roll done: 3 of 3 node(s) done"), out);
    assertTrue(
        !out.contains("demo-1       stop        run"), "demo-1 is never stopped again: " + out);
  }
}

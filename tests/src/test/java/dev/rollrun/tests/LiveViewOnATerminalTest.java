package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on a real terminal (tmux), as an operator sees it: the live view under the lines
 * while a roll goes, questions asked on the terminal even when the output goes through {@code tee},
 * colour only where it may be, and a clear refusal where there is no terminal at all.
 */
class LiveViewOnATerminalTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");
  private static final Duration ROLL = Duration.ofSeconds(90);
  private static final Pattern SGR_COLOUR = Pattern.compile("\u001b\\[[0-9;]*3[0-7](;[0-9]+)*m");

  @TempDir Path dir;

  /** Three demo nodes, one at a time, each gate long enough to be seen. */
  private Path playbook() throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    Path playbook = dir.resolve("watched-demo.yml");
    Files.writeString(
        playbook,
        """
        name: watched demo
        inventory: demo:3
        service: { name: demo, stop: demo-service stop, start: demo-service start }
        health:
          interval: 300ms
          consecutive: 8
          timeout: 30s
          all:
            - tcp: { port: "{{ host.vars.service_port }}" }
            - command: { run: demo-service status, output: "^active" }
        """);
    return playbook;
  }

  private String rollrun(String args) {
    return DIST.toAbsolutePath() + " " + args + " --state-dir " + dir.resolve("state");
  }

  @Test
  void theLiveViewShowsProgressTheNodeAndTheGateThenGivesTheScreenBack() throws Exception {
    Path playbook = playbook();
    try (TerminalSession terminal =
        TerminalSession.start(dir, 140, 30, rollrun(playbook + " --commit --yes"))) {
      String gate =
          terminal.waitFor(
              "the live view during the second node's gate",
              s -> s.contains("1/3 nodes done · batch 2 of 3") && s.contains("healthy in a row"),
              ROLL);
      assertTrue(gate.contains("rolling watched demo  [======="), gate);
      assertTrue(
          Pattern.compile("\\d:\\d\\d elapsed · about \\d:\\d\\d left").matcher(gate).find(), gate);
      assertTrue(
          Pattern.compile(
                  "health after batch 2 \\(demo-2\\): \\d/8 healthy in a row · [0-9.]+s of 30.0s")
              .matcher(gate)
              .find(),
          gate);
      assertTrue(gate.contains("demo-2 awaiting health"), "the node part way: " + gate);
      assertTrue(gate.contains("demo-service status"), "the values the check saw: " + gate);
      List<String> rows = gate.lines().toList();
      assertTrue(
          rows.stream()
              .anyMatch(
                  r -> r.startsWith("demo-2       start       run    demo-service start  ok")),
          "the step lines scroll above the live view: " + gate);
      assertEquals(0, terminal.exitCode(ROLL), terminal.everything());
      String end = terminal.screen();
      assertTrue(end.contains("roll done: 3 of 3 node(s) done"), end);
      assertFalse(end.contains("nodes done ·"), "the live view is gone at the end: " + end);
      assertFalse(
          Pattern.compile("^\\d\\d:\\d\\d:\\d\\d ", Pattern.MULTILINE).matcher(end).find(),
          "no times on a terminal: " + end);
    }
  }

  @Test
  void colourOnATerminalUnlessNoColorIsSet() throws Exception {
    Path playbook = playbook();
    try (TerminalSession coloured =
        TerminalSession.start(dir, 140, 30, rollrun(playbook.toString()))) {
      assertEquals(0, coloured.exitCode(ROLL), coloured.everything());
      String styled = coloured.screenWithStyles();
      assertTrue(SGR_COLOUR.matcher(styled).find(), "ok and healthy in colour: " + styled);
    }
    Path other = Files.createDirectories(dir.resolve("no-color"));
    try (TerminalSession plain =
        TerminalSession.start(other, 140, 30, "NO_COLOR=1 " + rollrun(playbook.toString()))) {
      assertEquals(0, plain.exitCode(ROLL), plain.everything());
      String styled = plain.screenWithStyles();
      assertTrue(styled.contains("dry run: every host answered"), styled);
      assertFalse(SGR_COLOUR.matcher(styled).find(), "NO_COLOR: no colour at all: " + styled);
    }
  }

  @Test
  void questionsAreAskedOnTheTerminalWhileTeeGetsPlainTimedLinesAndNoStopsWithExit5()
      throws Exception {
    Path playbook = playbook();
    Path log = dir.resolve("roll.log");
    try (TerminalSession terminal =
        TerminalSession.start(
            dir, 140, 30, rollrun(playbook + " --commit --paranoid") + " 2>&1 | tee " + log)) {
      terminal.waitFor(
          "the question before the roll",
          s -> s.contains("Start the roll (plan ") && s.contains("? [y/N]"),
          ROLL);
      assertTrue(
          terminal.screen().contains("Roll 3 node(s) in this order: demo-1, demo-2, demo-3"),
          terminal.screen());
      terminal.type("y");
      String asked =
          terminal.waitFor(
              "the question before the second batch",
              s -> s.contains("Next: batch 2 of 3: demo-2. Roll it?"),
              ROLL);
      assertTrue(asked.contains("health after batch 1 (demo-1): healthy after"), asked);
      terminal.type("n");
      assertEquals(5, terminal.exitCode(ROLL), terminal.everything());
    }
    String written = Files.readString(log);
    assertTrue(written.contains("roll STOPPED: 1 of 3 node(s) done"), written);
    assertTrue(written.contains("stopped by the operator before batch 2"), written);
    assertTrue(
        Pattern.compile(
                "^\\d\\d:\\d\\d:\\d\\d demo-1       stop        run    demo-service stop  ok",
                Pattern.MULTILINE)
            .matcher(written)
            .find(),
        "the log has plain lines, each with its time: " + written);
    assertFalse(written.contains("Roll it?"), "questions stay on the terminal: " + written);
    assertFalse(written.contains("Start the roll"), written);
    assertFalse(written.contains("\u001b"), "no escape sequence in the log: " + written);
    assertFalse(written.contains("nodes done ·"), "no live view in the log: " + written);
  }

  @Test
  void withoutATerminalACommitWithoutYesIsRefusedWithExit2() throws Exception {
    Path playbook = playbook();
    // setsid: a new session without a controlling terminal, as under cron or a CI runner.
    Process rollrun =
        new ProcessBuilder(
                "setsid",
                "-w",
                DIST.toString(),
                playbook.toString(),
                "--commit",
                "--paranoid",
                "--yes",
                "--state-dir",
                dir.resolve("state").toString())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(rollrun.getInputStream().readAllBytes());
    assertTrue(rollrun.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(2, rollrun.exitValue(), out);
    assertTrue(
        out.contains(
            "--paranoid asks on the terminal before every batch, and there is no terminal"),
        out);
    assertFalse(out.contains("demo-service stop"), "nothing was touched: " + out);
  }
}

package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret values ({@code -e @secrets.yml}, {@code {{ env.NAME }}}) echoed by commands, printed on
 * stderr of a failing step, in the plan and in {@code --debug} output: a real {@code rollrun}
 * process, its output and its event stream never show them.
 */
class SecretsNeverShownTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");
  private static final String TOKEN = "tok-9f3a7c1e55";
  private static final String FROM_ENV = "env-71bd02aa4c";

  @TempDir Path dir;

  private record Result(int exitCode, String output, String events) {}

  private Result roll(String... extra) throws Exception {
    Path playbook = dir.resolve("secret-demo.yml");
    Files.writeString(
        playbook,
        """
        name: secret demo
        inventory: demo:2
        service: { name: demo, stop: demo-service stop, start: demo-service start }
        health:
          interval: 100ms
          consecutive: 1
          timeout: 10s
          all:
            - command: { run: "echo checking {{ vars.token }} >&2; demo-service status", output: "^active" }
        steps:
          pre-stop:
            - run: "echo token={{ vars.token }} env={{ env.ROLLRUN_TEST_SECRET }}"
          post-start:
            - run: "echo failing with {{ vars.token }} and {{ env.ROLLRUN_TEST_SECRET }} >&2; exit 3"
        """);
    Path secrets = dir.resolve("secrets.yml");
    Files.writeString(secrets, "token: " + TOKEN + "\n");
    Path events = dir.resolve("events.jsonl");
    List<String> command =
        new ArrayList<>(
            List.of(
                DIST.toString(),
                playbook.toString(),
                "-e",
                "@" + secrets,
                "--commit",
                "--yes",
                "--events",
                events.toString(),
                "--state-dir",
                dir.resolve("state").toString()));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ROLLRUN_TEST_SECRET", FROM_ENV);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
    return new Result(process.exitValue(), output, Files.readString(events));
  }

  private static void assertHidden(String where, String text) {
    assertFalse(text.contains(TOKEN), where + " shows the secrets file's value:\n" + text);
    assertFalse(text.contains(FROM_ENV), where + " shows the environment's secret:\n" + text);
  }

  @Test
  void outputEventsAndFailureMessagesShowPlaceholdersOnly() throws Exception {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    Result run = roll();
    assertEquals(3, run.exitCode(), run.output());
    assertHidden("the output", run.output());
    assertHidden("the events", run.events());
    assertTrue(
        run.output().contains("token=<secret:token> env=<secret:ROLLRUN_TEST_SECRET>"),
        "the command's own output, with placeholders: " + run.output());
    assertTrue(
        run.output().contains("failing with <secret:token> and <secret:ROLLRUN_TEST_SECRET>"),
        "the failing step's stderr, with placeholders: " + run.output());
    assertTrue(run.events().contains("<secret:token>"), run.events());
    assertTrue(
        run.output().contains("sh -c 'eval \"$(cat)\"'"),
        "the plan's header shows how a command holding a secret reaches the node: " + run.output());
  }

  @Test
  void debugOutputHidesThemToo() throws Exception {
    Result run = roll("--debug");
    assertEquals(3, run.exitCode(), run.output());
    assertTrue(run.output().contains("DEBUG"), "library logs are on with --debug");
    assertHidden("the --debug output", run.output());
    assertHidden("the events", run.events());
  }
}

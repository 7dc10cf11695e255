package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A plan's digest covers what the roll does, never where rollrun was run from: a reviewer and an
 * operator rarely run it from the same directory, or write the playbook's path the same way.
 */
class PlanDigestTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");
  private static final String PLAYBOOK = "playbooks/service-restart.yml";

  /** The digest on the first line of {@code rollrun plan}, after checking that it succeeded. */
  private static String digest(int exitCode, String out, String err) {
    assertEquals(0, exitCode, out + err);
    String first = out.lines().findFirst().orElse("");
    assertTrue(first.startsWith("plan "), out);
    return first.split("\\s+")[1];
  }

  private static String digest(String... args) {
    CommandLineRun run = CommandLineRun.of(args);
    return digest(run.exitCode(), run.out(), run.err());
  }

  /** {@code rollrun} itself, started in {@code directory}. */
  private static String digestFrom(Path directory, String... args)
      throws IOException, InterruptedException {
    assertTrue(Files.isExecutable(DIST), DIST + " is built by the runner/cli module");
    List<String> command = new ArrayList<>(List.of(DIST.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "rollrun plan finished");
    return digest(process.exitValue(), out, "");
  }

  @Test
  void samePlaybookGivesOneDigestWhereverRollrunRunsAndHoweverThePathIsWritten()
      throws IOException, InterruptedException {
    String digest = digest("plan", PLAYBOOK);
    String absolute = Path.of(PLAYBOOK).toAbsolutePath().toString();
    assertEquals(digest, digest("plan", "./playbooks/../" + PLAYBOOK), "a roundabout path");
    assertEquals(digest, digest("plan", absolute), "an absolute path");
    assertEquals(
        digest, digestFrom(Path.of("playbooks"), "plan", "service-restart.yml"), "cd playbooks");
    assertEquals(digest, digestFrom(Path.of("/"), "plan", absolute), "from /");
  }

  @Test
  void inventoryOptionGivesOneDigestRelativeOrAbsoluteAndFromAnyDirectory()
      throws IOException, InterruptedException {
    String digest = digest("plan", PLAYBOOK);
    String inventory = "inventory/web.yml";
    assertEquals(digest, digest("plan", PLAYBOOK, "--inventory", inventory));
    assertEquals(
        digest,
        digest("plan", PLAYBOOK, "--inventory", Path.of(inventory).toAbsolutePath().toString()));
    assertEquals(
        digest,
        digestFrom(
            Path.of("playbooks"), "plan", "service-restart.yml", "--inventory", "../" + inventory));
  }

  @Test
  void thePlanStillNamesTheFilesAsTheOperatorWroteThem() {
    CommandLineRun run = CommandLineRun.of("plan", "./playbooks/../" + PLAYBOOK);
    assertTrue(run.out().contains("playbook   playbooks/service-restart.yml\n"), run.out());
    assertTrue(run.out().contains("inventory  inventory/web.yml (hosts web)\n"), run.out());
  }

  @Test
  void demoPlaybookPlannedTwiceGivesOneDigest() {
    String first = digest("plan", "playbooks/demo.yml");
    assertEquals(first, digest("plan", "playbooks/demo.yml"));
    CommandLineRun json = CommandLineRun.of("plan", "playbooks/demo.yml", "--format", "json");
    assertTrue(json.out().contains("\"address\" : \"127.0.77.1\""), json.out());
    assertTrue(json.out().contains("\"port\" : 2222"), json.out());
  }
}

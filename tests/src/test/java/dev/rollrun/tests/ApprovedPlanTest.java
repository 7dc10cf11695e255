package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.SshdFleet;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A roll runs only the plan a reviewer approved: {@code rollrun plan --out} writes it, {@code
 * --plan FILE} and {@code --expect-digest} refuse (exit 6) a plan that changed since, saying what
 * changed, before any node is touched; {@code plan --diff} and {@code --diff-ref} print what a
 * playbook change does to the plan. The playbook lies in a git repository of its own and rolls two
 * real OpenSSH hosts.
 */
class ApprovedPlanTest {

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(2).build();

  private static String playbookText() {
    return """
        name: approved roll
        cluster: service
        inventory: %s

        service:
          name: demo
          stop: "~/svc stop"
          start: "~/svc start"

        rollout:
          batch: 2
          pause: 0s

        health:
          interval: 200ms
          consecutive: 2
          timeout: 15s
          all:
            - command: { run: "~/svc status" }

        steps:
          pre-stop:
            - name: drain
              run: "echo draining {{ host.name }}"
        """
        .formatted(fleet.inventory());
  }

  @TempDir Path repository;
  @TempDir Path stateDir;

  private Path playbook;

  @BeforeEach
  void aPlaybookCommittedToGit() throws IOException, InterruptedException {
    playbook = repository.resolve("playbooks/roll.yml");
    Files.createDirectories(playbook.getParent());
    fleet.startAllServices();
    Files.writeString(playbook, playbookText());
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "the approved playbook");
  }

  @Test
  void aChangedPlaybookIsRefusedWithExitFiveNamingTheChangeAndNothingIsTouched()
      throws IOException {
    Path approved = repository.resolve("plan.json");
    CommandLineRun plan =
        CommandLineRun.of("plan", playbook.toString(), "--out", approved.toString());
    assertEquals(0, plan.exitCode(), plan.out() + plan.err());
    String digest = firstDigest(plan.out());
    assertTrue(Files.readString(approved).contains("\"digest\" : \"" + digest + "\""));

    edit("echo draining {{ host.name }}", "echo draining {{ host.name }} && sleep 1");

    CommandLineRun byFile = roll("--plan", approved.toString());
    assertEquals(6, byFile.exitCode(), byFile.out() + byFile.err());
    assertTrue(
        byFile.err().contains("--plan " + approved + " approved " + digest + ", the plan is now "),
        byFile.err());
    assertTrue(byFile.err().contains("nothing was touched. What changed:"), byFile.err());
    assertTrue(
        byFile
            .err()
            .contains(
                fleet.name(1)
                    + ", "
                    + fleet.name(2)
                    + " (2 nodes)\n"
                    + "  pre-stop: run [drain] echo draining <host.name> -> run [drain] echo"
                    + " draining <host.name> && sleep 1"),
        byFile.err());
    assertEquals("", byFile.out(), "refused before connecting to any node");
    assertNoRunStarted();

    // Only the digest: the plan it was is found among the playbook's commits.
    CommandLineRun byDigest = roll("--expect-digest", digest);
    assertEquals(6, byDigest.exitCode(), byDigest.out() + byDigest.err());
    String commit = git("rev-parse", "--short=7", "HEAD").strip();
    assertTrue(
        byDigest.err().contains(digest + " is the plan of " + commit + "; since then:"),
        byDigest.err());
    assertTrue(byDigest.err().contains("&& sleep 1"), byDigest.err());
    assertNoRunStarted();
  }

  @Test
  void theApprovedPlanRolls() {
    Path approved = repository.resolve("plan.json");
    CommandLineRun plan =
        CommandLineRun.of("plan", playbook.toString(), "--out", approved.toString());
    assertEquals(0, plan.exitCode(), plan.out() + plan.err());

    CommandLineRun run =
        roll("--plan", approved.toString(), "--expect-digest", firstDigest(plan.out()));
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("roll done: 2 of 2 node(s) done"), run.out());
  }

  @Test
  void aDigestUnknownToTheHistoryIsRefusedSayingWhyNoChangeIsShown() {
    CommandLineRun run = roll("--expect-digest", "0123456789ab");
    assertEquals(6, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains(
                "What changed cannot be shown: 0123456789ab is not the plan of any of the last 20"
                    + " commits"),
        run.err());
    assertTrue(run.err().contains("pass --plan FILE"), run.err());
  }

  @Test
  void badApprovalsAreUsageErrors() throws IOException {
    CommandLineRun shortDigest = roll("--expect-digest", "abc123");
    assertEquals(2, shortDigest.exitCode(), shortDigest.err());
    assertTrue(shortDigest.err().contains("a plan's digest is 12 hex digits"), shortDigest.err());

    Path notAPlan = repository.resolve("notes.json");
    Files.writeString(notAPlan, "{\"hello\": 1}");
    CommandLineRun notPlan = roll("--plan", notAPlan.toString());
    assertEquals(2, notPlan.exitCode(), notPlan.err());
    assertTrue(notPlan.err().contains(notAPlan + ": not a JSON plan"), notPlan.err());

    CommandLineRun missing = roll("--plan", repository.resolve("nope.json").toString());
    assertEquals(2, missing.exitCode(), missing.err());
    assertTrue(missing.err().contains("nope.json: no such file"), missing.err());
  }

  @Test
  void planDiffAgainstAGitRevisionOrAnotherPlaybookSaysWhatChanged()
      throws IOException, InterruptedException {
    edit("pause: 0s", "pause: 5s");
    git("commit", "-q", "-am", "pause between batches");
    edit("batch: 2", "batch: 1");

    CommandLineRun sinceMain =
        CommandLineRun.of("plan", playbook.toString(), "--diff-ref", "HEAD~1");
    assertEquals(0, sinceMain.exitCode(), sinceMain.out() + sinceMain.err());
    assertTrue(sinceMain.out().contains("\nbatch              2 -> 1\n"), sinceMain.out());
    assertTrue(sinceMain.out().contains("\npause              0s -> 5s\n"), sinceMain.out());
    assertTrue(
        sinceMain
            .out()
            .contains("order before       batch 1: " + fleet.name(1) + ", " + fleet.name(2) + "\n"),
        sinceMain.out());

    CommandLineRun markdown =
        CommandLineRun.of(
            "plan", playbook.toString(), "--diff-ref", "HEAD", "--format", "markdown");
    assertEquals(0, markdown.exitCode(), markdown.out() + markdown.err());
    assertTrue(markdown.out().startsWith("### rollrun plan diff `"), markdown.out());
    assertTrue(markdown.out().contains("| batch | 2 | 1 |"), markdown.out());
    assertFalse(markdown.out().contains("pause"), "committed at HEAD: " + markdown.out());

    Path other = repository.resolve("playbooks/other.yml");
    Files.writeString(other, playbookText());
    CommandLineRun fromOther =
        CommandLineRun.of("plan", playbook.toString(), "--diff", other.toString());
    assertEquals(0, fromOther.exitCode(), fromOther.out() + fromOther.err());
    assertTrue(fromOther.out().contains("\npause              0s -> 5s\n"), fromOther.out());

    CommandLineRun noRevision =
        CommandLineRun.of("plan", playbook.toString(), "--diff-ref", "no-such-branch");
    assertEquals(2, noRevision.exitCode(), noRevision.err());
    assertTrue(noRevision.err().contains("\"no-such-branch\" names no commit"), noRevision.err());
  }

  private CommandLineRun roll(String... approval) {
    List<String> args =
        new ArrayList<>(
            List.of(
                playbook.toString(),
                "--commit",
                "--yes",
                "--known-hosts",
                fleet.knownHosts().toString(),
                "--state-dir",
                stateDir.toString()));
    args.addAll(List.of(approval));
    return CommandLineRun.of(args.toArray(String[]::new));
  }

  private void assertNoRunStarted() throws IOException {
    try (Stream<Path> files = Files.walk(stateDir)) {
      List<Path> written = files.filter(Files::isRegularFile).toList();
      assertEquals(List.of(), written, "no journal, no lock: no run started");
    }
  }

  private void edit(String from, String to) throws IOException {
    String text = Files.readString(playbook);
    assertTrue(text.contains(from), text);
    Files.writeString(playbook, text.replace(from, to));
  }

  private static String firstDigest(String planOut) {
    String first = planOut.lines().findFirst().orElse("");
    assertTrue(first.startsWith("plan "), planOut);
    return first.split("\\s+")[1];
  }

  private String git(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-C",
                repository.toString(),
                "-c",
                "user.name=rollrun test",
                "-c",
                "user.email=test@rollrun.invalid",
                "-c",
                "commit.gpgsign=false"));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "git " + args[0] + " finished");
      assertEquals(0, process.exitValue(), "git " + String.join(" ", args) + ": " + out);
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

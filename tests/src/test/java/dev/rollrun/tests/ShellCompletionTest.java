package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollrun completion} prints a script that a real bash sources and completes rollrun's
 * command lines with: subcommands, options, {@code --format}'s values, playbook paths, and after
 * {@code --limit} the hosts and groups of the playbook's inventory.
 */
class ShellCompletionTest {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin");

  @TempDir Path dir;

  /**
   * What bash completes each command line to (the last word being completed), one line each, the
   * candidates sorted and separated by spaces; run in the repository's top, where playbooks/ is.
   */
  private List<String> complete(String... commandLines) throws IOException, InterruptedException {
    CommandLineRun run = CommandLineRun.of("completion");
    assertEquals(0, run.exitCode(), run.err());
    Path script = dir.resolve("rollrun.bash");
    Files.writeString(script, run.out());
    StringBuilder driver = new StringBuilder();
    driver.append("source '").append(script).append("'\n");
    // What bash's programmable completion sets before it calls the function.
    driver.append(
        """
        c() {
          COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
          COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
          _complete_rollrun_limit rollrun "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
          printf '%s\\n' "${COMPREPLY[@]}" | sort -u | tr '\\n' ' '; echo
        }
        """);
    for (String line : commandLines) {
      driver.append(line).append('\n');
    }
    Path driverFile = dir.resolve("driver.bash");
    Files.writeString(driverFile, driver.toString());
    ProcessBuilder builder =
        new ProcessBuilder("bash", "--norc", "--noprofile", driverFile.toString());
    // --limit's candidates come from the distribution's rollrun, as from an installed one.
    assertTrue(Files.isExecutable(DIST.resolve("rollrun")), DIST + " is built by runner/cli");
    builder
        .environment()
        .put("PATH", DIST.toAbsolutePath() + File.pathSeparator + System.getenv("PATH"));
    Process bash =
        builder
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            // compopt complains outside a real completion; the candidates are what count.
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash finished");
    assertEquals(0, bash.exitValue(), out);
    return out.lines().map(String::strip).toList();
  }

  @Test
  void bashCompletesSubcommandsOptionsFormatsAndPlaybooks()
      throws IOException, InterruptedException {
    List<String> completed =
        complete(
            "c rollrun pla",
            "c rollrun plan --fo",
            "c rollrun plan --format ''",
            "c rollrun plan playbooks/serv",
            "c rollrun playbooks/kafka-r",
            "c rollrun --expect",
            "c rollrun resu",
            "c rollrun plan playbooks/service-restart.yml --limit web-",
            "c rollrun playbooks/service-restart.yml --limit eu",
            "c rollrun playbooks/no-such.yml --limit ''");
    assertEquals(
        List.of(
            "plan playbooks",
            "--format",
            "json markdown text",
            "playbooks/service-restart.yml",
            "playbooks/kafka-rolling-restart.yml",
            "--expect-digest",
            "resume",
            "web-1 web-2 web-3 web-4",
            "eu-central eu-west",
            ""),
        completed);
  }
}

package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandRunnerTest {

  @TempDir Path dir;

  private final LocalCommandRunner runner = new LocalCommandRunner(Duration.ofSeconds(10), 50);

  @Test
  void commandReportsExitCodeAndStreamsEveryLine() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CommandResult result =
        runner.run(
            RemoteCommand.of("echo a; echo b >&2; exit 3"),
            (stream, line) -> seen.add(stream + ":" + line));
    assertEquals(3, result.exitCode());
    assertEquals(List.of("a"), result.stdoutTail());
    assertEquals(List.of("b"), result.stderrTail());
    assertEquals(List.of("STDERR:b", "STDOUT:a"), seen.stream().sorted().toList());
  }

  @Test
  void commandGetsNoInputInsteadOfWaitingForIt() {
    CommandResult result = runner.run(RemoteCommand.of("cat; echo done"), OutputListener.NONE);
    assertEquals(List.of("done"), result.stdoutTail());
  }

  @Test
  void timedOutCommandIsStoppedWithEverythingItStarted() throws Exception {
    RemoteCommand slow =
        RemoteCommand.of("sleep 30 & echo $! > " + dir + "/sleep.pid; wait")
            .withTimeout(Duration.ofMillis(500));
    long start = System.nanoTime();
    CommandTimeoutException e =
        assertThrows(CommandTimeoutException.class, () -> runner.run(slow, OutputListener.NONE));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
    assertEquals("local", e.host());
    assertTrue(e.getMessage().startsWith("local: \"sleep 30 & echo $! > "), e.getMessage());
    long sleepPid = Long.parseLong(Files.readString(dir.resolve("sleep.pid")).strip());
    assertFalse(Shell.alive(sleepPid), "the background sleep was left running");
  }

  @Test
  void sudoThatWantsAPasswordFailsAtOnce() throws Exception {
    Path bin = dir.resolve("bin");
    Shell.script(bin, "sudo", "echo 'sudo: a password is required' >&2\nexit 1");
    LocalCommandRunner withFakeSudo =
        new LocalCommandRunner(
            Duration.ofSeconds(10), 50, Map.of("PATH", bin + ":" + System.getenv("PATH")));
    SudoPasswordRequiredException e =
        assertThrows(
            SudoPasswordRequiredException.class,
            () -> withFakeSudo.run(RemoteCommand.of("cp a b").withSudo(true), OutputListener.NONE));
    assertEquals("local", e.host());
    assertEquals("cp a b", e.command());
  }

  @Test
  void secretScriptRunsAsRootThroughStdinNeverAsAnArgument() throws Exception {
    Path bin = dir.resolve("bin");
    Path sudoArgs = dir.resolve("sudo.args");
    Shell.script(
        bin,
        "sudo",
        "printf '%s\\n' \"$*\" >> "
            + sudoArgs
            + "\n[ \"$1\" = -n ] || exit 99\nshift\nexec \"$@\"");
    LocalCommandRunner withFakeSudo =
        new LocalCommandRunner(
            Duration.ofSeconds(10), 50, Map.of("PATH", bin + ":" + System.getenv("PATH")));
    RemoteCommand command =
        new RemoteCommand(
            "PW='hunter2'; cat; echo \"pw=$PW\"; exit 6",
            "PW='<secret:pw>'; cat; echo \"pw=$PW\"; exit 6",
            true,
            null);
    CommandResult result = withFakeSudo.run(command, OutputListener.NONE);
    assertEquals(6, result.exitCode());
    assertEquals(List.of("pw=hunter2"), result.stdoutTail());
    String args = Files.readString(sudoArgs);
    assertEquals("-n sh -c eval \"$(cat)\"\n", args);
  }

  @Test
  void timedOutSecretCommandIsQuotedWithoutItsSecret() {
    RemoteCommand slow =
        new RemoteCommand("PW='hunter2'; sleep 30", "PW='<secret:pw>'; sleep 30", false, null)
            .withTimeout(Duration.ofMillis(300));
    CommandTimeoutException e =
        assertThrows(CommandTimeoutException.class, () -> runner.run(slow, OutputListener.NONE));
    assertEquals(
        "local: \"PW='<secret:pw>'; sleep 30\" did not finish within 300ms and was stopped (TERM,"
            + " then KILL after 5s)",
        e.getMessage());
  }
}

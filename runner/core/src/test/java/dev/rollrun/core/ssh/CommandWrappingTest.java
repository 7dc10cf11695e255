package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What plans say reaches the shell is what does. */
class CommandWrappingTest {

  @Test
  void nodeLineIsTheLineSentToTheNode() {
    for (boolean sudo : new boolean[] {false, true}) {
      RemoteCommand command = RemoteCommand.of("systemctl stop app").withSudo(sudo);
      assertEquals(
          Commands.remoteLine(command, Duration.ofSeconds(30), "rollrun-<id>"),
          CommandWrapping.onNode("systemctl stop app", sudo, "30"));
    }
  }

  @Test
  void nodeLineWithPlaceholdersReadsAsTheWrapping() {
    assertEquals(
        "timeout -s TERM -k 5 <timeout> sh -c '<command>' rollrun-<id>",
        CommandWrapping.onNode("<command>", false, "<timeout>"));
    assertEquals(
        "timeout -s TERM -k 5 <timeout> sudo -n sh -c '<command>' rollrun-<id>",
        CommandWrapping.onNode("<command>", true, "<timeout>"));
  }

  @Test
  void localCommandRunsInTheShellThePlanNames() {
    CommandResult shell =
        new LocalCommandRunner(Duration.ofSeconds(10), 5)
            .run(RemoteCommand.of("printf '%s\\n' \"$0\""), OutputListener.NONE);
    assertEquals(List.of("/bin/sh"), shell.stdoutTail());
    assertEquals("/bin/sh -c 'echo a'", CommandWrapping.local("echo a"));
  }

  @Test
  void defaultTimeoutIsTheTenMinutesTheReadmePromises() {
    assertEquals(Duration.ofMinutes(10), CommandWrapping.defaultTimeout());
  }
}

package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandsTest {

  @Test
  void unwrapGivesBackExactlyWhatThePlaybookWrote() {
    for (String command : new String[] {"demo-service stop", "echo 'it''s' \"x\" && ls", "a'b"}) {
      for (boolean sudo : new boolean[] {false, true}) {
        String sent =
            Commands.remoteLine(
                new RemoteCommand(command, sudo, null), Duration.ofSeconds(30), "rollrun-1a2b");
        assertEquals(command, RemoteCommand.unwrap(sent), sent);
      }
    }
  }

  @Test
  void unwrapLeavesOtherLinesAlone() {
    assertEquals("uptime", RemoteCommand.unwrap("uptime"));
  }

  @Test
  void commandHoldingSecretsPutsOnlyTheFixedReaderOnTheLine() {
    RemoteCommand secret =
        new RemoteCommand("curl -u admin:hunter2 x", "curl -u admin:<secret:pw> x", true, null);
    String sent = Commands.remoteLine(secret, Duration.ofSeconds(30), "rollrun-1a2b");
    assertEquals("timeout -s TERM -k 5 30 sudo -n sh -c 'eval \"$(cat)\"' rollrun-1a2b", sent);
    assertEquals(Commands.SCRIPT_FROM_INPUT, RemoteCommand.unwrap(sent));
    assertEquals("eval \"$(cat)\"", Commands.localLine(secret.withSudo(false)));
  }

  @Test
  void commandRecordNeverPrintsItsSecrets() {
    RemoteCommand secret = new RemoteCommand("echo hunter2", "echo <secret:pw>", false, null);
    assertEquals("RemoteCommand[echo <secret:pw>, timeout=null]", secret.toString());
  }
}

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
            Commands.remoteLine(new RemoteCommand(command, sudo, null), Duration.ofSeconds(30));
        assertEquals(command, RemoteCommand.unwrap(sent), sent);
      }
    }
  }

  @Test
  void unwrapLeavesOtherLinesAlone() {
    assertEquals("uptime", RemoteCommand.unwrap("uptime"));
  }
}

package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshConfigLineTest {

  private static SshConfigLine line(String text) {
    return SshConfigLine.parse(Path.of("config"), 7, text);
  }

  @Test
  void keywordEndsAtWhitespaceOrOneEqualsSign() {
    for (String text :
        List.of("User root", "User=root", "User = root", "  User\t=\troot  ", "USER root")) {
      SshConfigLine l = line(text);
      assertEquals("user", l.keyword(), text);
      assertEquals(List.of("root"), l.args(), text);
    }
    assertEquals(List.of("=root"), line("User= =root").args());
  }

  @Test
  void quotesKeepSpacesAndBackslashesEscape() {
    assertEquals(List.of("~/.ssh/my key", "b"), line("IdentityFile \"~/.ssh/my key\" b").args());
    assertEquals(List.of("it's"), line("User 'it'\\''s'").args());
    assertEquals(List.of("a b"), line("User a\\ b").args());
    assertEquals(List.of("c:\\x"), line("User c:\\x").args());
  }

  @Test
  void aHashStartingAWordEndsTheArguments() {
    assertEquals(List.of("deploy"), line("User deploy # the deploy user").args());
    assertEquals(List.of("a#b"), line("User a#b").args());
  }

  @Test
  void commandsKeepTheRestOfTheLineAsWritten() {
    SshConfigLine l = line("ProxyCommand = nc -X 5 %h %p # via socks  ");
    assertEquals("nc -X 5 %h %p # via socks", SshValues.proxyValue(l));
  }

  @Test
  void blankAndCommentLinesAreNotDirectives() {
    assertNull(line(""));
    assertNull(line("   \t"));
    assertNull(line("# Host *"));
    assertNull(line("   #User root"));
  }

  @Test
  void keywordWithoutArgumentOrWithOpenQuotesIsAnError() {
    assertEquals(
        "no argument after keyword \"user\"",
        assertThrows(SshConfigError.class, () -> line("User")).problem());
    assertEquals(
        "invalid quotes", assertThrows(SshConfigError.class, () -> line("User \"root")).problem());
    assertEquals(7, assertThrows(SshConfigError.class, () -> line("Port=")).source().line());
  }
}

package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SshPatternsTest {

  @Test
  void starMatchesAnyCharactersAndQuestionMarkOne() {
    assertTrue(SshPatterns.matches("web-1.example.com", "*.example.com"));
    assertTrue(SshPatterns.matches("example.com", "*example.com"));
    assertFalse(SshPatterns.matches("example.com", "*.example.com"));
    assertTrue(SshPatterns.matches("db-1", "db-?"));
    assertFalse(SshPatterns.matches("db-10", "db-?"));
    assertTrue(SshPatterns.matches("", "*"));
    assertTrue(SshPatterns.matches("aXbXc", "a*b*c"));
    assertFalse(SshPatterns.matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*c"));
  }

  @Test
  void hostPatternsCompareWithCaseAndTakeBracketsAndCommasLiterally() {
    assertFalse(SshPatterns.matches("web1", "WEB1"));
    assertFalse(SshPatterns.matches("a", "a,b"));
    assertTrue(SshPatterns.matches("web[1]", "web[1]"));
  }

  @Test
  void listsMatchAnyElementAndANegatedElementRejectsTheWholeList() {
    assertEquals(1, SshPatterns.matchList("deploy", "root,deploy", false));
    assertEquals(0, SshPatterns.matchList("ops", "root,deploy", false));
    assertEquals(-1, SshPatterns.matchList("db.prod", "*.prod,!db.*", false));
    assertEquals(-1, SshPatterns.matchList("db.prod", "!db.*,*.prod", false));
  }

  @Test
  void hostListsIgnoreCase() {
    assertTrue(SshPatterns.hostMatches("Web1.Example.COM", "*.example.com"));
    assertTrue(SshPatterns.hostMatches("web1.example.com", "*.EXAMPLE.com"));
    assertFalse(SshPatterns.hostMatches("web1.example.com", "*.example.com,!WEB1.*"));
  }
}

package dev.rollrun.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegularExpressionsTest {

  @Test
  void patternPastedFromAMegabyteOfOutputIsRefusedAtOnce() {
    // Compiling it took minutes: the JDK's literal search prepares in time length x length.
    String pasted = "x".repeat(1_000_000);
    assertEquals(
        Optional.of(
            "output is a regular expression of 1,000,000 characters; rollrun takes at most 1,000"
                + " (is it pasted output?)"),
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> RegularExpressions.check(pasted)));
  }

  @Test
  void ordinaryPatternsPassAndBrokenOnesSayWhere() {
    assertEquals(Optional.empty(), RegularExpressions.check("^active\\s+\\(running\\)"));
    assertEquals(Optional.empty(), RegularExpressions.check("y".repeat(1_000)));
    assertEquals(
        Optional.of(
            "output \"v(1\" is not a valid regular expression: unclosed group at its end; to match"
                + " ( ) [ ] { } . * + ? | ^ $ or \\ as text, put a \\ before it"),
        RegularExpressions.check("v(1"));
  }
}

package dev.rollrun.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void newlineCannotStartAForgedLine() {
    assertEquals("web-1\\nrollrun: 0 problems", Printable.escape("web-1\nrollrun: 0 problems"));
  }

  @Test
  void terminalEscapesAndControlCharactersAreShownNotObeyed() {
    assertEquals(
        "\\u001B[2J\\u0007\\u0000\\r\\t\\u007F\\u009B",
        Printable.escape("\u001b[2J\u0007\0\r\t\u007f\u009b"));
  }

  @Test
  void rightToLeftOverrideAndInvisibleCharactersAreShown() {
    assertEquals(
        "\\u202Egnp.yml \\u200F \\uFEFF \\u2028",
        Printable.escape("\u202Egnp.yml \u200F \uFEFF \u2028"));
  }

  @Test
  void loneSurrogatesAreShownAndPairsKept() {
    assertEquals(
        "x\\uD800y \\uDC00 \uD83E\uDDE8", Printable.escape("x\uD800y \uDC00 \uD83E\uDDE8"));
  }

  @Test
  void otherScriptsAndEmojiArePrintedAsTheyAre() {
    String text = "Ωmega ünïcödé 名前 e\u0301 \uD83E\uDDE8 a\\nb";
    assertSame(text, Printable.escape(text));
  }

  @Test
  void escapingTwiceChangesNothing() {
    String once = Printable.escape("a\nb\u001bc\uD800");
    assertEquals(once, Printable.escape(once));
  }

  @Test
  void aMillionCharacterValueLeavesTheStartAndEndOfItsLine() {
    String line = "p.yml:2:12: inventory \"" + "x".repeat(1_000_000) + "\" not found";
    String shown = Printable.shortened(line, 2_000);
    assertTrue(shown.length() <= 2_000, "length " + shown.length());
    assertTrue(shown.startsWith("p.yml:2:12: inventory \"xxx"), shown);
    assertTrue(shown.endsWith("xxx\" not found"), shown);
    assertTrue(shown.contains(" ...(998,0"), shown);
  }

  @Test
  void shortLinesAreLeftWhole() {
    assertSame("p.yml:1:1: x", Printable.shortened("p.yml:1:1: x", 2_000));
  }
}

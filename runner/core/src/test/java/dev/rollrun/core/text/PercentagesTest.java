package dev.rollrun.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentagesTest {

  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Percentages.parse(text)).getMessage();
  }

  @Test
  void readsWholeAndDecimalShares() {
    assertEquals(25.0, Percentages.parse("25%"));
    assertEquals(12.5, Percentages.parse("12.5%"));
    assertEquals(100.0, Percentages.parse("100%"));
    assertEquals(50.0, Percentages.parse(" 50 % "));
  }

  @Test
  void zeroAndMoreThanAllAreRefused() {
    assertEquals("\"0%\" must be more than 0% and at most 100%", refusal("0%"));
    assertEquals("\"150%\" must be more than 0% and at most 100%", refusal("150%"));
  }

  @Test
  void textWithoutAPercentSignIsNotAPercentage() {
    assertEquals("\"25\" is not a percentage; write e.g. \"25%\"", refusal("25"));
    assertEquals("\"-5%\" is not a percentage; write e.g. \"25%\"", refusal("-5%"));
    assertEquals("\"half\" is not a percentage; write e.g. \"25%\"", refusal("half"));
  }

  @Test
  void looksLikePercentageWhenItEndsInAPercentSign() {
    assertTrue(Percentages.looksLikePercentage("25%"));
    assertTrue(Percentages.looksLikePercentage("abc% "));
    assertFalse(Percentages.looksLikePercentage("25"));
  }
}

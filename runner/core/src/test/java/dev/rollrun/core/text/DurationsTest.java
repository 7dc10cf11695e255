package dev.rollrun.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {

  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage();
  }

  @Test
  void readsEveryUnit() {
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h"));
    assertEquals(Duration.ofDays(1), Durations.parse("1d"));
  }

  @Test
  void addsCombinedPartsWithOrWithoutSpaces() {
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h 30m"));
    assertEquals(Duration.ofMillis(1_500), Durations.parse(" 1s500ms "));
  }

  @Test
  void formatsWithTheLargestUnitsFirst() {
    assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("1d2h", Durations.format(Duration.ofHours(26)));
    assertEquals("1s500ms", Durations.format(Duration.ofMillis(1_500)));
    assertEquals("0s", Durations.format(Duration.ZERO));
  }

  @Test
  void formattedDurationsReadBackToTheSameDuration() {
    for (Duration d :
        List.of(
            Duration.ZERO,
            Duration.ofMillis(1),
            Duration.ofSeconds(59),
            Duration.ofMinutes(61),
            Duration.ofMillis(90_061_001),
            Duration.ofDays(30))) {
      assertEquals(d, Durations.parse(Durations.format(d)), Durations.format(d));
    }
  }

  @Test
  void bareNumberIsRefusedBecauseTheUnitWouldBeAGuess() {
    assertEquals("\"10\" has no unit; write e.g. 10s or 10ms", refusal("10"));
  }

  @Test
  void unknownUnitIsRefusedListingTheUnits() {
    assertEquals(
        "\"10x\" is not a duration; write a number and a unit (ms, s, m, h, d), e.g. 30s, 5m,"
            + " 1h30m",
        refusal("10x"));
  }

  @Test
  void negativeDurationIsRefusedAsNegative() {
    assertEquals("\"-5s\" is negative; a duration is a length of time such as 30s", refusal("-5s"));
  }

  @Test
  void durationInWordsGetsItsShortSpelling() {
    assertEquals(
        "\"5 minutes\" is not a duration; write 5m (units: ms, s, m, h, d)", refusal("5 minutes"));
    assertEquals(
        "\"30 seconds\" is not a duration; write 30s (units: ms, s, m, h, d)",
        refusal("30 seconds"));
    assertEquals(
        "\"2 Hours\" is not a duration; write 2h (units: ms, s, m, h, d)", refusal("2 Hours"));
    assertEquals(
        "\"500 millis\" is not a duration; write 500ms (units: ms, s, m, h, d)",
        refusal("500 millis"));
  }

  @Test
  void moreThanThirtyDaysIsRefused() {
    assertEquals("\"31d\" is longer than 30d, the longest rollrun accepts", refusal("31d"));
    assertEquals(
        "\"99999999999999999999s\" is too long a duration", refusal("99999999999999999999s"));
  }
}

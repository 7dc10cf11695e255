package dev.rollrun.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(text)).getMessage();
  }

  @Test
  void bareNumberIsBytes() {
    assertEquals(512, ByteSizes.parse("512"));
    assertEquals(512, ByteSizes.parse("512B"));
  }

  @Test
  void decimalUnitsArePowersOf1000() {
    assertEquals(64_000, ByteSizes.parse("64KB"));
    assertEquals(1_500_000_000L, ByteSizes.parse("1.5GB"));
    assertEquals(2_000_000_000_000L, ByteSizes.parse("2TB"));
  }

  @Test
  void binaryUnitsArePowersOf1024() {
    assertEquals(10L * 1024 * 1024, ByteSizes.parse("10MiB"));
    assertEquals(1024, ByteSizes.parse("1 KiB"));
    assertEquals(3L * 1024 * 1024 * 1024, ByteSizes.parse("3gib"));
  }

  @Test
  void unitsIgnoreCaseAndSurroundingSpace() {
    assertEquals(ByteSizes.parse("10MiB"), ByteSizes.parse(" 10mib "));
  }

  @Test
  void textThatIsNoSizeIsRefusedWithExamples() {
    assertEquals("\"ten\" is not a size; write e.g. 512, 64KB, 10MiB, 1.5GB", refusal("ten"));
    assertEquals("\"10XB\" is not a size; write e.g. 512, 64KB, 10MiB, 1.5GB", refusal("10XB"));
    assertEquals("\"-1KB\" is not a size; write e.g. 512, 64KB, 10MiB, 1.5GB", refusal("-1KB"));
  }

  @Test
  void sizeBeyondWhatALongHoldsIsRefused() {
    assertEquals("\"99999999TiB\" is too large a size", refusal("99999999TiB"));
  }
}

package dev.rollrun.tests;

import java.nio.charset.StandardCharsets;

/**
 * Inputs of the broken-input corpus that are written when the test runs rather than checked in: too
 * large to keep in the repository, or bytes that editors and diffs mangle. Each is the same bytes
 * on every run, so that the expected message is exact.
 */
final class GeneratedInput {

  private GeneratedInput() {}

  /**
   * @param kind {@code large}, {@code binary} or {@code latin1}
   */
  static byte[] of(String kind) {
    return switch (kind) {
      case "large" -> large();
      case "binary" -> binary();
      case "latin1" -> latin1();
      default -> throw new IllegalArgumentException("unknown generated input: " + kind);
    };
  }

  /** A playbook of exactly 5 MiB: a name and then comment lines, as a runaway generator makes. */
  private static byte[] large() {
    int size = 5 * 1024 * 1024;
    StringBuilder text = new StringBuilder(size).append("name: big\n");
    String line = "# padding ........................................................\n";
    while (text.length() + line.length() <= size) {
      text.append(line);
    }
    text.append("#".repeat(size - text.length() - 1)).append('\n');
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** An executable given as a playbook: an ELF header, then bytes of every value. */
  private static byte[] binary() {
    byte[] bytes = new byte[512];
    byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    System.arraycopy(header, 0, bytes, 0, header.length);
    for (int i = header.length; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    return bytes;
  }

  /** A playbook saved as ISO-8859-1 by an old editor: "é" is the single byte 0xE9. */
  private static byte[] latin1() {
    return "name: café restart\ninventory: inventory.yml\n".getBytes(StandardCharsets.ISO_8859_1);
  }
}

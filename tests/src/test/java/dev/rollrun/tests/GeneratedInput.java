package dev.rollrun.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Inputs of the broken-input corpus that are written when the test runs rather than checked in: too
 * large to keep in the repository, or bytes that editors and diffs mangle. Each is the same bytes
 * on every run, so that the expected message is exact.
 */
final class GeneratedInput {

  private GeneratedInput() {}

  /**
   * Writes {@code file} as {@code kind} says.
   *
   * @param kind {@code large}, {@code binary}, {@code latin1}, {@code fifo} (a named pipe: reading
   *     it waits for a writer) or {@code long-name} (a playbook whose inventory is named with a
   *     million characters)
   */
  static void write(Path file, String kind) throws IOException {
    if (kind.equals("fifo")) {
      fifo(file);
      return;
    }
    Files.write(
        file,
        switch (kind) {
          case "large" -> large();
          case "binary" -> binary();
          case "latin1" -> latin1();
          case "long-name" -> longName();
          default -> throw new IllegalArgumentException("unknown generated input: " + kind);
        });
  }

  private static void fifo(Path file) throws IOException {
    try {
      if (new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor() != 0) {
        throw new IOException("mkfifo " + file + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** A playbook whose inventory: is a million characters: a paste gone wrong. */
  private static byte[] longName() {
    return ("name: web restart\ninventory: " + "x".repeat(1_000_000) + ".yml\n")
        .getBytes(StandardCharsets.US_ASCII);
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

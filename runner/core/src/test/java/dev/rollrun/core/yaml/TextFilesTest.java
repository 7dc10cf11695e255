package dev.rollrun.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollrun.core.problem.InvalidConfigException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are no text file are refused quickly, before rollrun reads or waits on them. */
class TextFilesTest {

  private static final Duration QUICKLY = Duration.ofSeconds(10);

  private static String refusal(Path path, String display, String kind) {
    InvalidConfigException e =
        assertTimeoutPreemptively(
            QUICKLY,
            () ->
                assertThrows(
                    InvalidConfigException.class, () -> TextFiles.read(path, display, kind)));
    return e.getMessage();
  }

  @Test
  void devZeroIsRefusedAsADeviceInsteadOfReadForever() {
    assumeTrue(Files.exists(Path.of("/dev/zero")));
    assertEquals(
        "/dev/zero: is a character device, not a regular file; rollrun reads a playbook file"
            + " only from a regular file",
        refusal(Path.of("/dev/zero"), "/dev/zero", "playbook"));
  }

  @Test
  void fifoIsRefusedWithoutOpeningItWhichWouldWaitForAWriter(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("inventory.yml");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
    assertEquals(
        "inventory.yml: is a named pipe (FIFO), not a regular file; rollrun reads an inventory"
            + " file only from a regular file",
        refusal(fifo, "inventory.yml", "inventory"));
  }

  @Test
  void linkToDevZeroIsRefusedLikeDevZero(@TempDir Path dir) throws IOException {
    assumeTrue(Files.exists(Path.of("/dev/zero")));
    Path link = Files.createSymbolicLink(dir.resolve("secrets.yml"), Path.of("/dev/zero"));
    assertEquals(
        "secrets.yml: is a character device, not a regular file; rollrun reads a vars file only"
            + " from a regular file",
        refusal(link, "secrets.yml", "vars file"));
  }

  @Test
  void hugeFileIsRefusedByItsSizeWithoutReadingIt(@TempDir Path dir) throws IOException {
    Path huge = dir.resolve("playbook.yml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(5L * 1024 * 1024 * 1024); // sparse: 5 GiB that take no disk
    }
    assertEquals(
        "playbook.yml:1:1: the playbook is 5120.0 MiB; rollrun reads files of at most 4 MiB",
        refusal(huge, "playbook.yml", "playbook"));
  }

  @Test
  void fileThatClaimsNoSizeIsReadNoFurtherThanTheLimit() {
    Path status = Path.of("/proc/self/status"); // a regular file of size 0 that has text
    assumeTrue(Files.isRegularFile(status));
    assertEquals(
        Optional.of("Name:"),
        TextFiles.read(status, "status", "playbook")
            .lines()
            .findFirst()
            .map(l -> l.substring(0, 5)));
  }

  @Test
  void linkToItselfIsACannotReadNotAStackTrace(@TempDir Path dir) throws IOException {
    Path loop = Files.createSymbolicLink(dir.resolve("loop.yml"), Path.of("loop.yml"));
    assertEquals(
        "loop.yml: cannot read the playbook: Too many levels of symbolic links",
        refusal(loop, "loop.yml", "playbook").replaceAll(" or unable to access.*", ""));
  }

  @Test
  void namesNoFileCanHaveAreSaidInWords() {
    assertEquals(
        Optional.of("holds a NUL character, which no file name can"),
        TextFiles.unusableFileName("inv\0.yml"));
    assertEquals(
        Optional.of("holds a lone UTF-16 surrogate (\\uD800), which no file name can"),
        TextFiles.unusableFileName("inv\uD800.yml"));
    assertEquals(Optional.of("is empty"), TextFiles.unusableFileName(""));
    assertEquals(
        Optional.empty(), TextFiles.unusableFileName("../inventory/café-\uD83E\uDDE8.yml"));
  }
}

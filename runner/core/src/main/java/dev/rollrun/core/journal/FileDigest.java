package dev.rollrun.core.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A short SHA-256 of what a file holds (12 hex digits), to tell later whether it changed: of its
 * bytes; of a directory, of the names and bytes of every file under it, in order; of an inventory
 * made by a source ({@code demo:5}), of its reference.
 */
public final class FileDigest {

  private FileDigest() {}

  public static String of(Path file) {
    MessageDigest sha = sha256();
    try {
      if (Files.isDirectory(file)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(file)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
          sha.update(file.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
          sha.update(Files.readAllBytes(f));
        }
      } else {
        sha.update(Files.readAllBytes(file));
      }
    } catch (IOException e) {
      return "unreadable";
    }
    return hex(sha);
  }

  public static String ofText(String text) {
    MessageDigest sha = sha256();
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    return hex(sha);
  }

  private static String hex(MessageDigest sha) {
    return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

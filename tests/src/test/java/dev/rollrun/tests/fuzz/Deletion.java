package dev.rollrun.tests.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Empties the directories cases are written to, symbolic links removed rather than followed. */
public final class Deletion {

  private Deletion() {}

  public static void contentsOf(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      if (!p.equals(dir)) {
        Files.deleteIfExists(p);
      }
    }
  }
}

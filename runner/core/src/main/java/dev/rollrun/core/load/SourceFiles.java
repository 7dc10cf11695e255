package dev.rollrun.core.load;

import java.nio.file.Path;

/** How the load stage names files in messages and plans: as the operator wrote them. */
final class SourceFiles {

  private SourceFiles() {}

  /** A path as messages name it: as given, without "./" or "a/../" ("." stays "."). */
  static String displayName(Path path) {
    String normalized = path.normalize().toString();
    return normalized.isEmpty() ? path.toString() : normalized;
  }

  /** A file named relative to another file's display name, as messages name it. */
  static String displayBeside(String displayName, String relative) {
    Path parent = Path.of(displayName).getParent();
    return (parent == null ? Path.of(relative) : parent.resolve(relative)).normalize().toString();
  }
}

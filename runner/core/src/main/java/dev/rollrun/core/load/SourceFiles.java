package dev.rollrun.core.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the load stage names files: in messages and plans as the operator wrote them, in the digest
 * by where they are relative to the playbook.
 */
final class SourceFiles {

  private SourceFiles() {}

  /**
   * A path as messages name it: as given, without "./" or "a/../" ("." stays "."). When dropping
   * "a/../" would name another file ({@code x.yml/../../etc/passwd} does not exist, {@code
   * /etc/passwd} does), the path stays as given: a message must not name a file that is fine.
   */
  static String displayName(Path path) {
    Path normalized = path.normalize();
    if (normalized.toString().isEmpty()
        || !normalized.equals(path) && Files.exists(normalized) != Files.exists(path)) {
      return path.toString();
    }
    return normalized.toString();
  }

  /** A file named relative to another file's display name, as messages name it. */
  static String displayBeside(String displayName, String relative) {
    Path parent = Path.of(displayName).getParent();
    return (parent == null ? Path.of(relative) : parent.resolve(relative)).normalize().toString();
  }

  /**
   * {@code file} relative to the directory of {@code playbook}, with {@code /} between names: the
   * same wherever rollrun runs and however both paths are spelled. Both files exist (they have been
   * read); symbolic links are resolved so that a linked directory names the same place.
   */
  static String besidePlaybook(Path playbook, Path file) {
    Path from;
    Path to;
    try {
      from = playbook.toRealPath().getParent();
      to = file.toRealPath();
    } catch (IOException e) {
      from = playbook.toAbsolutePath().normalize().getParent();
      to = file.toAbsolutePath().normalize();
    }
    Path relative;
    try {
      relative = from.relativize(to);
    } catch (IllegalArgumentException e) {
      return to.toString(); // another file system root: only the whole path says where
    }
    StringBuilder name = new StringBuilder();
    for (Path part : relative) {
      name.append(name.length() == 0 ? "" : "/").append(part);
    }
    return name.toString();
  }
}

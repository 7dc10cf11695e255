package dev.rollrun.cli;

import dev.rollrun.core.journal.RunStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}: where runs are journaled and clusters locked. */
final class StateDir {

  /** The default, relative to the current directory. */
  static final String DEFAULT = ".rollrun";

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where runs are journaled and clusters locked (default: $ROLLRUN_STATE_DIR, else .rollrun in the current directory).")
  Path dir;

  RunStore store() {
    if (dir != null) {
      return new RunStore(dir);
    }
    String env = System.getenv("ROLLRUN_STATE_DIR");
    return new RunStore(Path.of(env == null || env.isBlank() ? DEFAULT : env));
  }

  /** The option as the operator gave it, to repeat it in a resume command; null if not given. */
  String argument() {
    return dir == null ? null : dir.toString();
  }
}

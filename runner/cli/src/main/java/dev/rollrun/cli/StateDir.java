package dev.rollrun.cli;

import dev.rollrun.core.journal.RunStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir}: where runs are journaled; and where clusters are locked. */
final class StateDir {

  /** The default, relative to the current directory. */
  static final String DEFAULT = ".rollrun";

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where runs are journaled (default: $ROLLRUN_STATE_DIR, else .rollrun in the current directory). Lock files are in $ROLLRUN_LOCK_DIR, else ~/.rollrun/locks, whatever the state directory.")
  Path dir;

  RunStore store() {
    String env = System.getenv("ROLLRUN_STATE_DIR");
    Path root = dir != null ? dir : Path.of(env == null || env.isBlank() ? DEFAULT : env);
    return new RunStore(root, locks());
  }

  /**
   * Where lock files are: {@code $ROLLRUN_LOCK_DIR}, else {@code ~/.rollrun/locks}. One place for
   * the user whatever the current directory or {@code --state-dir}: two rolls of one cluster from
   * two directories take the same lock file.
   */
  static Path locks() {
    String env = System.getenv("ROLLRUN_LOCK_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".rollrun", "locks");
  }

  /** The option as the operator gave it, to repeat it in a resume command; null if not given. */
  String argument() {
    return dir == null ? null : dir.toString();
  }
}

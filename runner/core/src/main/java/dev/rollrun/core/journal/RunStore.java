package dev.rollrun.core.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where runs are kept: {@code <state dir>/runs/<run id>/journal.jsonl}, and the locks of the
 * clusters being rolled in {@code <state dir>/locks/}. The state directory is {@code .rollrun} in
 * the current directory unless {@code --state-dir} or {@code ROLLRUN_STATE_DIR} says otherwise.
 */
public final class RunStore {

  /** The journal file's name in a run's directory. */
  public static final String JOURNAL = "journal.jsonl";

  private final Path root;

  public RunStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path runs() {
    return root.resolve("runs");
  }

  public Path locks() {
    return root.resolve("locks");
  }

  /** The journal of a run, whether or not it exists. */
  public Path journal(String runId) {
    return runs().resolve(runId).resolve(JOURNAL);
  }

  /** Makes the directory of a new run. */
  public Path newRun(String runId) {
    Path dir = runs().resolve(runId);
    try {
      Files.createDirectories(runs());
      Files.createDirectory(dir);
      return dir.resolve(JOURNAL);
    } catch (IOException e) {
      throw new JournalException(dir, "cannot make the run's directory: " + e.getMessage(), e);
    }
  }

  /** A run's journal, read; empty when there is no run of that id. */
  public Optional<Journal> find(String runId) {
    if (!runId.matches("[A-Za-z0-9._-]+")) {
      return Optional.empty();
    }
    Path journal = journal(runId);
    return Files.isRegularFile(journal) ? Optional.of(Journal.read(journal)) : Optional.empty();
  }

  /** The ids of every run kept, oldest first (run ids begin with their start time). */
  public List<String> runIds() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(runs())) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runs())) {
      for (Path dir : dirs) {
        if (Files.isRegularFile(dir.resolve(JOURNAL))) {
          ids.add(dir.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new JournalException(runs(), "cannot list the runs: " + e.getMessage(), e);
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }
}

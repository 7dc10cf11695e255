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
 * Where runs are kept: {@code <state dir>/runs/<run id>/journal.jsonl}, and where the lock files of
 * the clusters being rolled are. The state directory is {@code .rollrun} in the current directory
 * unless {@code --state-dir} or {@code ROLLRUN_STATE_DIR} says otherwise; the locks are the user's,
 * whatever the state directory ({@code ~/.rollrun/locks}, or {@code ROLLRUN_LOCK_DIR}), so that two
 * runs of one cluster started from two directories find each other.
 */
public final class RunStore {

  /** The journal file's name in a run's directory. */
  public static final String JOURNAL = "journal.jsonl";

  /**
   * A dry run's record in its run's directory: a journal's header and events, under another name,
   * since a dry run changes nothing that a later run would continue ({@link #runIds} leaves it
   * out).
   */
  public static final String DRY_RUN = "dry-run.jsonl";

  private final Path root;
  private final Path locks;

  /** Runs and locks both in {@code root} (a store of its own, as in tests). */
  public RunStore(Path root) {
    this(root, root.resolve("locks"));
  }

  /**
   * @param root the state directory
   * @param locks where the lock files are, shared by every state directory of the user
   */
  public RunStore(Path root, Path locks) {
    this.root = root;
    this.locks = locks;
  }

  public Path root() {
    return root;
  }

  public Path runs() {
    return root.resolve("runs");
  }

  public Path locks() {
    return locks;
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

  /** Makes the directory of a new dry run; its record's file. */
  public Path newDryRun(String runId) {
    return newRun(runId).resolveSibling(DRY_RUN);
  }

  /**
   * The record of a run or a dry run, read: its journal, or the dry run's record; empty when there
   * is neither.
   */
  public Optional<Journal> record(String runId) {
    if (!runId.matches("[A-Za-z0-9._-]+")) {
      return Optional.empty();
    }
    for (String name : List.of(JOURNAL, DRY_RUN)) {
      Path file = runs().resolve(runId).resolve(name);
      if (Files.isRegularFile(file)) {
        return Optional.of(Journal.read(file));
      }
    }
    return Optional.empty();
  }

  /** The ids of every run and dry run kept, oldest first. */
  public List<String> recordIds() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(runs())) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runs())) {
      for (Path dir : dirs) {
        if (Files.isRegularFile(dir.resolve(JOURNAL))
            || Files.isRegularFile(dir.resolve(DRY_RUN))) {
          ids.add(dir.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new JournalException(runs(), "cannot list the runs: " + e.getMessage(), e);
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
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

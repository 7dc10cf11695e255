package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@code ps -eo args} shows, read from {@code /proc/<pid>/cmdline} (Linux): for checking that
 * a secret never appears in any process's arguments while a command runs.
 */
public final class ProcessList {

  private ProcessList() {}

  /** {@code pid: args} of every process whose arguments contain {@code text} now. */
  public static List<String> containing(String text) {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        String args;
        try {
          args =
              new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                  .replace('\0', ' ');
        } catch (IOException gone) {
          continue;
        }
        if (args.contains(text)) {
          found.add(proc.getFileName() + ": " + args.strip());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  /**
   * Runs {@code action} while looking at the process list every 20 ms; returns what was seen
   * containing {@code text} (at least one look happens while the action runs).
   */
  public static Set<String> watchWhile(String text, ThrowingRunnable action) throws Exception {
    Set<String> seen = new ConcurrentSkipListSet<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher =
        new Thread(
            () -> {
              while (!done.get()) {
                seen.addAll(containing(text));
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "test-process-watcher");
    watcher.setDaemon(true);
    watcher.start();
    try {
      action.run();
    } finally {
      done.set(true);
      watcher.join(5000);
    }
    if (containing("").isEmpty()) {
      throw new IllegalStateException("/proc lists no process: nothing could be seen");
    }
    return seen;
  }

  /** An action that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}

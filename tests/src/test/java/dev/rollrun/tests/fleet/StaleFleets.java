package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ends what fleets of JVMs that died without closing them (killed with SIGKILL, so no shutdown hook
 * ran) left running: their sshd listeners and demo services.
 *
 * <p>Every fleet directory records its owner ({@value #OWNER}: JVM pid and start time) and is
 * marked {@value #CLOSED} when closed. A directory whose owner is gone and that is not marked
 * closed gets its processes killed, but only those whose command line names that directory, so that
 * a recycled pid is never hit.
 */
final class StaleFleets {

  static final String OWNER = "owner";
  static final String CLOSED = "closed";

  private StaleFleets() {}

  /** Records this JVM as the owner of a fleet directory. */
  static void claim(Path fleetDir) {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    SshdHost.write(fleetDir.resolve(OWNER), self.pid() + " " + started + "\n");
  }

  static void markClosed(Path fleetDir) {
    if (Files.isDirectory(fleetDir)) {
      SshdHost.write(fleetDir.resolve(CLOSED), "");
    }
  }

  /**
   * Reaps the stale fleets among the directories of {@code root}.
   *
   * @return what was done, one line per fleet that had processes left, for the caller to report
   */
  static List<String> reap(Path root) {
    List<String> done = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return done;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "fleet-*")) {
      for (Path dir : dirs) {
        if (Files.exists(dir.resolve(OWNER))
            && !Files.exists(dir.resolve(CLOSED))
            && !ownerAlive(dir)) {
          int killed = reapOne(dir);
          if (killed > 0) {
            done.add("killed " + killed + " processes left behind by " + dir);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      done.add("could not look for stale fleets in " + root + ": " + e);
    }
    return done;
  }

  private static boolean ownerAlive(Path dir) {
    String[] owner = SshdHost.read(dir.resolve(OWNER)).strip().split(" ");
    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
    return process.isPresent()
        && process.get().isAlive()
        && process
            .get()
            .info()
            .startInstant()
            .map(i -> i.toEpochMilli() == Long.parseLong(owner[1]))
            .orElse(true);
  }

  /** Kills what a stale fleet left running; returns how many processes that was. */
  private static int reapOne(Path dir) throws IOException {
    Set<Long> pids = new HashSet<>();
    try (DirectoryStream<Path> hosts = Files.newDirectoryStream(dir, "h*")) {
      for (Path host : hosts) {
        for (String pidFile : List.of("sshd.pid", "service.pid")) {
          DemoServices.readPid(host.resolve(pidFile)).ifPresent(pids::add);
        }
      }
    }
    Path events = dir.resolve(DemoServices.EVENT_LOG);
    if (Files.exists(events)) {
      for (String line : Files.readAllLines(events)) {
        try {
          pids.add(ServiceEvent.parse(line).pid());
        } catch (IllegalArgumentException e) {
          // a torn last line: nothing to learn from it
        }
      }
    }
    String marker = dir.toString() + "/";
    List<ProcessHandle> victims =
        pids.stream()
            .filter(pid -> Processes.commandLine(pid).contains(marker))
            .map(ProcessHandle::of)
            .flatMap(Optional::stream)
            .toList();
    if (!victims.isEmpty()) {
      Processes.killAll(victims, Duration.ofSeconds(5));
    }
    markClosed(dir);
    return victims.size();
  }
}

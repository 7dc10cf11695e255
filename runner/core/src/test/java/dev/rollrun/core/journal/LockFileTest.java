package dev.rollrun.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {

  @TempDir Path dir;

  private static RunLock.Holder holder(String run) {
    return new RunLock.Holder(run, "alice", "ops-1", 4711, Instant.parse("2026-11-30T08:00:00Z"));
  }

  @Test
  void aSecondRunOfTheClusterIsRefusedNamingTheHolder() {
    LockFile lock = new LockFile(dir, "service-abc");
    try (RunLock.Lease lease = lock.acquire(holder("r1"))) {
      LockHeldException e =
          assertThrows(
              LockHeldException.class,
              () -> new LockFile(dir, "service-abc").acquire(holder("r2")));
      assertTrue(
          e.getMessage()
              .contains(
                  "run r1 of alice on ops-1 (pid 4711), since 2026-11-30T08:00:00Z holds the lock"),
          e.getMessage());
      assertEquals("r1", lock.holder().orElseThrow().runId());
    }
    assertTrue(lock.holder().isEmpty(), "released");
    new LockFile(dir, "service-abc").acquire(holder("r2")).close();
  }

  @Test
  void aLockWhoseHolderHasNotSaidWhoItIsIsRefusedInWords() throws Exception {
    LockFile lock = new LockFile(dir, "service-abc");
    Files.createDirectories(lock.file().getParent());
    try (FileChannel held =
            FileChannel.open(lock.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken = held.lock()) {
      LockHeldException e = assertThrows(LockHeldException.class, () -> lock.acquire(holder("r2")));
      assertEquals(
          "another roll of this cluster is in progress: the lock \"service-abc\" ("
              + lock.file()
              + ") is held by a run that has not said which it is; wait for it to finish (rollrun"
              + " runs shows it)",
          e.getMessage());
    }
  }

  @Test
  void locksOfOtherClustersDoNotMeet() {
    try (RunLock.Lease a = new LockFile(dir, "service-a").acquire(holder("r1"));
        RunLock.Lease b = new LockFile(dir, "service-b").acquire(holder("r2"))) {
      assertTrue(a != null && b != null);
    }
  }

  /** The lock is the operating system's: a process that dies, however, no longer holds it. */
  @Test
  void aLockHeldByAnotherProcessIsRefusedAndGoesWithIt() throws Exception {
    Process other =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                dir.toString(),
                "service-abc")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", lines.readLine());
      LockHeldException e =
          assertThrows(
              LockHeldException.class,
              () -> new LockFile(dir, "service-abc").acquire(holder("r2")));
      assertTrue(e.getMessage().contains("run other of"), e.getMessage());
    } finally {
      other.destroyForcibly();
      other.waitFor(10, TimeUnit.SECONDS);
    }
    // Killed: its lock went with it.
    try (RunLock.Lease lease = new LockFile(dir, "service-abc").acquire(holder("r2"))) {
      assertEquals("r2", new LockFile(dir, "service-abc").holder().orElseThrow().runId());
    }
  }
}

package dev.rollrun.core.journal;

import java.nio.file.Path;
import java.time.Instant;

/** Holds a lock in a process of its own until killed, for {@link LockFileTest}. */
public final class LockHolderMain {

  private LockHolderMain() {}

  public static void main(String[] args) throws InterruptedException {
    new LockFile(Path.of(args[0]), args[1])
        .acquire(
            new RunLock.Holder(
                "other", "bob", "ops-2", ProcessHandle.current().pid(), Instant.now()));
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(60_000);
  }
}

package dev.rollrun.core.journal;

import java.time.Instant;
import java.util.Optional;

/**
 * One roll per cluster at a time. A run takes its cluster's lock before it touches a node and holds
 * it to the end; another run of the same cluster is refused, told who holds it and since when.
 * {@link LockFile} serves one machine; a lock in ZooKeeper serves several machines and operators.
 */
public interface RunLock {

  /** Who holds a lock. */
  record Holder(String runId, String user, String machine, long pid, Instant since) {

    /** {@code run 20261130T081522Z-3fa9c1 of alice on ops-1 (pid 4711), since 08:15:22Z}. */
    public String describe() {
      return "run "
          + runId
          + " of "
          + user
          + " on "
          + machine
          + " (pid "
          + pid
          + "), since "
          + since;
    }
  }

  /** A held lock; closing it releases it. */
  interface Lease extends AutoCloseable {

    /**
     * True once the lock may be held by somebody else (a ZooKeeper session that expired): the run
     * must stop taking nodes down.
     */
    default boolean lost() {
      return false;
    }

    /** Publishes how far the run is ({@code 3 of 10 node(s) done}) where others can read it. */
    default void progress(String summary) {}

    @Override
    void close();
  }

  /** The lock's name: the cluster it protects. */
  String name();

  /**
   * Takes the lock.
   *
   * @throws LockHeldException when another run holds it
   */
  Lease acquire(Holder me);

  /** Who holds the lock now, if anybody. */
  Optional<Holder> holder();

  /**
   * How far the holder's run is, as it publishes it with the lock ({@code 3 of 10 node(s) done}),
   * when the lock carries it.
   */
  default Optional<String> progress() {
    return Optional.empty();
  }

  /**
   * Takes the lock away from {@code holder} ({@code --break-lock}), for a holder that is gone
   * although its lock is not: a runner whose machine was lost while its ZooKeeper session lingers.
   * A holder that is still running sees its lock {@link Lease#lost() lost} and stops before its
   * next node.
   *
   * @throws LockException when the lock cannot be broken: a lock file is the operating system's,
   *     held only by a live process on this machine, which must be ended instead
   */
  void breakHeld(Holder holder);
}

package dev.rollrun.core.journal;

import java.util.Locale;

/** How a recorded run stands, as {@code rollrun runs} shows it. */
public enum RunStatus {
  /** Its process holds the cluster's lock now. */
  RUNNING,
  DONE,
  FAILED,
  /** Ctrl-C, SIGTERM or SIGHUP, or the operator stopped it after a batch. */
  INTERRUPTED,
  /** It ended without a word: the process was killed or the machine went down. */
  CRASHED;

  /**
   * @param lastOutcome the outcome of its last {@code run-finished} record, or null
   * @param holdsLock whether a live process of this run holds its cluster's lock
   */
  public static RunStatus of(String lastOutcome, boolean holdsLock) {
    if (holdsLock) {
      return RUNNING;
    }
    if (lastOutcome == null) {
      return CRASHED;
    }
    return switch (lastOutcome) {
      case "done" -> DONE;
      case "interrupted", "stopped-by-operator" -> INTERRUPTED;
      default -> FAILED;
    };
  }

  public boolean finished() {
    return this == DONE;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}

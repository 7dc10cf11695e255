package dev.rollrun.api;

import java.util.Objects;

/**
 * The answer of a {@link StopCheck}: whether the node may be stopped now, and why, in words an
 * operator reads in a dry run and before each stop.
 *
 * @param safe true when the node may be stopped
 * @param reason why, e.g. {@code "3 of 3 replicas in sync"}
 */
public record Verdict(boolean safe, String reason) {

  public Verdict {
    Objects.requireNonNull(reason, "a verdict needs a reason");
  }

  public static Verdict safe(String reason) {
    return new Verdict(true, reason);
  }

  public static Verdict unsafe(String reason) {
    return new Verdict(false, reason);
  }
}

package dev.rollrun.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event as listeners receive it.
 *
 * @param runId the run it belongs to
 * @param sequence 1 for the first event of the run, then one more for each; listeners see them in
 *     this order
 * @param time when it happened
 */
public record EventEnvelope(String runId, long sequence, Instant time, RunEvent event) {

  public EventEnvelope {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(event, "event");
  }
}

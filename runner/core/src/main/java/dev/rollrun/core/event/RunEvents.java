package dev.rollrun.core.event;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * The event stream of one run: gives each event its envelope (run id, sequence number, time) and
 * hands it to every listener, in order. Events emitted from several threads at once are delivered
 * one at a time, in sequence order, to every listener alike.
 *
 * <p>A listener that throws does not stop the run, and nothing else, but it gets no further events
 * after its first failure; the failure is kept for {@link #listenerFailure()}.
 */
public final class RunEvents implements EventSink {

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String runId;
  private final Clock clock;
  private final List<RunListener> listeners;
  private final boolean[] failed;
  private long sequence;
  private RuntimeException listenerFailure;

  public RunEvents(String runId, Clock clock, List<RunListener> listeners) {
    this.runId = runId;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
    this.failed = new boolean[this.listeners.size()];
  }

  /**
   * A new run id: the UTC start time and 6 random hex digits, e.g. {@code 20261130T081522Z-3fa9c1}.
   */
  public static String newRunId(Clock clock) {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return RUN_ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
  }

  public String runId() {
    return runId;
  }

  @Override
  public synchronized void emit(RunEvent event) {
    EventEnvelope envelope = new EventEnvelope(runId, ++sequence, clock.instant(), event);
    for (int i = 0; i < listeners.size(); i++) {
      if (failed[i]) {
        continue;
      }
      try {
        listeners.get(i).on(envelope);
      } catch (RuntimeException e) {
        failed[i] = true;
        if (listenerFailure == null) {
          listenerFailure = e;
        }
      }
    }
  }

  /** The first exception a listener threw, or null. */
  public synchronized RuntimeException listenerFailure() {
    return listenerFailure;
  }
}

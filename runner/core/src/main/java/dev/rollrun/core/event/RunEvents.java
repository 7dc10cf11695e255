package dev.rollrun.core.event;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The event stream of one run: gives each event its envelope (run id, sequence number, time) and
 * hands it to every listener, in order. Events emitted from several threads at once are delivered
 * one at a time, in sequence order, to every listener alike.
 *
 * <p>A listener that throws gets no further events after its first failure; the failure is kept for
 * {@link #listenerFailure()}. An ordinary listener's failure stops nothing. A {@link
 * DurableListener}'s failure (the journal could not be written) is thrown from {@link #emit}, once,
 * so that the action the event announces does not proceed unrecorded.
 */
public final class RunEvents implements EventSink {

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String runId;
  private final Clock clock;
  private final List<RunListener> listeners;
  private final List<Boolean> failed;
  private long sequence;
  private RuntimeException listenerFailure;

  public RunEvents(String runId, Clock clock, List<RunListener> listeners) {
    this(runId, 0, clock, listeners);
  }

  /**
   * @param lastSequence the sequence number of the last event of the run so far: 0 for a new run,
   *     the last one recorded for a run that continues
   */
  public RunEvents(String runId, long lastSequence, Clock clock, List<RunListener> listeners) {
    this.runId = runId;
    this.sequence = lastSequence;
    this.clock = clock;
    this.listeners = new ArrayList<>(listeners);
    this.failed = new ArrayList<>(Collections.nCopies(listeners.size(), false));
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
    RuntimeException durableFailure = null;
    for (int i = 0; i < listeners.size(); i++) {
      if (failed.get(i)) {
        continue;
      }
      try {
        listeners.get(i).on(envelope);
      } catch (RuntimeException e) {
        failed.set(i, true);
        if (listenerFailure == null) {
          listenerFailure = e;
        }
        if (listeners.get(i) instanceof DurableListener && durableFailure == null) {
          durableFailure = e;
        }
      }
    }
    if (durableFailure != null) {
      throw durableFailure;
    }
  }

  /**
   * Adds a listener; it receives the events emitted from now on (the journal, opened once the run
   * has its lock, joins the console this way).
   */
  public synchronized void listen(RunListener listener) {
    listeners.add(listener);
    failed.add(false);
  }

  /** The first exception a listener threw, or null. */
  public synchronized RuntimeException listenerFailure() {
    return listenerFailure;
  }
}

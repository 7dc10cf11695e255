package dev.rollrun.core.exec;

import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.RunEvent;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each behaviour wrapper saved on each node before it changed a setting, so that its after
 * side puts back exactly that. Saving emits {@link RunEvent.OwnedSaved} first, which the journal
 * makes durable before the change proceeds; a resumed or recovering run is seeded from the journal
 * with {@link #remember}.
 */
public final class OwnedValues {

  private final EventSink events;
  private final Map<String, String> saved = new ConcurrentHashMap<>();

  public OwnedValues(EventSink events) {
    this.events = Objects.requireNonNull(events);
  }

  /** Records (and journals) what the wrapper step {@code step} of {@code host} read. */
  void save(String host, String step, String value) {
    events.emit(new RunEvent.OwnedSaved(host, step, value));
    remember(host, step, value);
  }

  /** Records a value read by an earlier process of the same run, from its journal. */
  public void remember(String host, String step, String value) {
    if (value == null) {
      saved.remove(key(host, step));
    } else {
      saved.put(key(host, step), value);
    }
  }

  /** What the wrapper step {@code step} of {@code host} saved, or null. */
  String savedBy(String host, String step) {
    return saved.get(key(host, step));
  }

  private static String key(String host, String step) {
    return host + '\u0000' + step;
  }
}

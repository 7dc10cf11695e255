package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a playbook's {@code notify:}: who is told what during a roll.
 *
 * <pre>
 * notify:
 *   - webhook: "https://hooks.slack.com/services/{{ vars.slack_path }}"   # a JSON POST
 *     on: [run-started, failure, run-finished]       # default: all four
 *     body: { text: "{{ event.text }}" }             # the default; strings are templates
 *     headers: { Authorization: "Bearer {{ env.HOOK_TOKEN }}" }
 *     timeout: 5s                                    # the default; at most 1m
 *   - command: 'logger -t rollrun "$ROLLRUN_EVENT_TEXT"'   # /bin/sh -c on this machine
 *     on: [run-finished]
 * </pre>
 *
 * @param index its place in {@code notify:}, from 0, as messages name it ({@code notify[0]})
 * @param target the URL of a webhook, the command line of a command; a template
 * @param on the events it is sent on
 * @param body a webhook's JSON body: maps, lists, numbers, booleans and {@link Template}s (each
 *     string); null for the default {@code {"text": "{{ event.text }}"}}
 * @param headers a webhook's extra HTTP headers, values as templates
 * @param timeout how long one sending may take before it is given up
 * @param position where the entry is written
 */
public record NotifySpec(
    int index,
    Kind kind,
    Template target,
    Set<Event> on,
    Object body,
    Map<String, Template> headers,
    Duration timeout,
    SourcePosition position) {

  /** The default and the longest time one notification may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  /** How it is sent. */
  public enum Kind {
    /** An HTTP POST of a JSON body. */
    WEBHOOK,
    /** A command run on the operator's machine, the event in its environment. */
    COMMAND
  }

  /** What it is sent on. */
  public enum Event {
    RUN_STARTED("run-started"),
    NODE_DONE("node-done"),
    FAILURE("failure"),
    RUN_FINISHED("run-finished");

    private final String key;

    Event(String key) {
      this.key = key;
    }

    /** As the playbook writes it: {@code node-done}. */
    public String key() {
      return key;
    }

    public static Event of(String key) {
      for (Event e : values()) {
        if (e.key.equals(key)) {
          return e;
        }
      }
      throw new IllegalArgumentException("no notification event " + key);
    }
  }

  public NotifySpec {
    on =
        Collections.unmodifiableSet(on.isEmpty() ? EnumSet.allOf(Event.class) : EnumSet.copyOf(on));
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** {@code notify[0] (webhook)}: how messages name it; never its URL, which may hold a secret. */
  public String label() {
    return "notify[" + index + "] (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}

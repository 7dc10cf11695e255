package dev.rollrun.core.event;

/** Receives the events of a run, in sequence order, one at a time. */
@FunctionalInterface
public interface RunListener {

  void on(EventEnvelope event);

  RunListener NONE = event -> {};
}

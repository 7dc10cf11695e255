package dev.rollrun.core.event;

/** Receives the events of a run, from any thread, in the order each thread emits them. */
@FunctionalInterface
public interface RunListener {

  void on(RunEvent event);

  RunListener NONE = event -> {};
}

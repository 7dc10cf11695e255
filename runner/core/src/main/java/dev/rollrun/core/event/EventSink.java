package dev.rollrun.core.event;

/** Where the parts of a run report what happens: they emit bare events, the sink wraps them. */
@FunctionalInterface
public interface EventSink {

  void emit(RunEvent event);

  EventSink NONE = event -> {};
}

package dev.rollrun.core.event;

/**
 * A listener that must have recorded an event before the action it announces proceeds (the
 * journal). When it cannot, {@link RunEvents#emit} throws its exception, so that the run stops
 * rather than acting unrecorded; it must throw a {@link dev.rollrun.api.RollrunException} that says
 * what could not be written.
 */
public interface DurableListener extends RunListener {}

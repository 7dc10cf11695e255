package dev.rollrun.core.event;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of every kind of {@link RunEvent}, built from its record components, so that a test
 * can prove a listener handles every kind there is, including kinds added later.
 */
public final class SampleEvents {

  private SampleEvents() {}

  public static List<RunEvent> everyKind() {
    List<RunEvent> events = new ArrayList<>();
    for (Class<?> kind : RunEvent.class.getPermittedSubclasses()) {
      events.add((RunEvent) sample(kind));
    }
    return events;
  }

  private static Object sample(Class<?> type) {
    if (type == String.class) {
      return "x";
    }
    if (type == int.class || type == Integer.class) {
      return 1;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == Duration.class) {
      return Duration.ofMillis(1500);
    }
    if (type == List.class) {
      return List.of();
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type.isRecord()) {
      RecordComponent[] components = type.getRecordComponents();
      Object[] args = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        args[i] = sample(types[i]);
      }
      try {
        return type.getDeclaredConstructor(types).newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot build a sample " + type.getSimpleName(), e);
      }
    }
    throw new IllegalStateException("no sample value of " + type);
  }
}

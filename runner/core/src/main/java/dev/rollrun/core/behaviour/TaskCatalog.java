package dev.rollrun.core.behaviour;

import dev.rollrun.api.Task;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tasks a playbook's {@code task:} steps may name, by id: those of the loaded plugins. Ids are
 * unique; the plugin loader refuses a second task with an id already taken.
 */
public final class TaskCatalog {

  private final Map<String, Task> byId;

  public TaskCatalog(List<Task> tasks) {
    TreeMap<String, Task> map = new TreeMap<>();
    tasks.forEach(t -> map.put(t.id(), t));
    this.byId = Collections.unmodifiableMap(map);
  }

  public static TaskCatalog empty() {
    return new TaskCatalog(List.of());
  }

  public Optional<Task> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  /** Every task, by id. */
  public Map<String, Task> all() {
    return byId;
  }
}

package dev.rollrun.core.config;

import dev.rollrun.api.Task;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the plugins and the JavaScript engine add to the step kinds a playbook may use: {@code
 * task:} ids resolved among the loaded plugins' tasks, and {@code js:} files compiled. {@link
 * #NONE} knows no task and refuses every script.
 */
public interface StepExtensions {

  /** The task a {@code task:} step names, if a loaded plugin provides it. */
  Optional<Task> task(String id);

  /**
   * Reads and compiles a {@code js:} file.
   *
   * @param file the file
   * @param displayName the file as messages name it
   * @throws dev.rollrun.core.problem.InvalidConfigException at the script's file:line:column when
   *     it does not compile or does not export {@code run}
   */
  CompiledScript script(Path file, String displayName);

  /** No plugins, no JavaScript. */
  StepExtensions NONE =
      new StepExtensions() {
        @Override
        public Optional<Task> task(String id) {
          return Optional.empty();
        }

        @Override
        public CompiledScript script(Path file, String displayName) {
          throw new IllegalStateException("JavaScript tasks are not available here");
        }
      };
}

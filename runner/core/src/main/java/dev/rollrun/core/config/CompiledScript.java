package dev.rollrun.core.config;

import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.time.Duration;

/**
 * A {@code js:} task file, read and compiled when the playbook was read (so that a syntax error is
 * a validation problem with the script's file:line:column, before anything runs), ready to run for
 * a node.
 */
public interface CompiledScript {

  /** The file as messages name it, e.g. {@code playbooks/tasks/check-version.js}. */
  String displayName();

  /**
   * Calls the script's exported {@code run(ctx, args)}.
   *
   * @param limit how long the call may take; then it is cancelled and fails
   * @throws dev.rollrun.api.RollrunException naming the file and line when the script throws, fails
   *     or is cancelled
   */
  void run(TaskContext context, TaskArgs args, Duration limit) throws InterruptedException;
}

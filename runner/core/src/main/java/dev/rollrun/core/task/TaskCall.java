package dev.rollrun.core.task;

import dev.rollrun.api.RollrunException;
import dev.rollrun.api.Task;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.TaskFailedException;
import dev.rollrun.core.text.Durations;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of a plugin's code (a task, a safe-to-stop check, a wrapper) with a deadline: it runs on
 * a thread of its own, and a call that does not return in time is interrupted and fails the step
 * (the thread, which Java cannot kill, is left to end as a daemon). Whatever the plugin throws
 * becomes a one-line reason naming it: a plugin's defect fails its step, never rollrun.
 */
public final class TaskCall {

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Plugin code that returns something. */
  @FunctionalInterface
  public interface Body<T> {
    T call() throws Exception;
  }

  private TaskCall() {}

  /** Runs a task. */
  public static void run(
      Task task, TaskContext context, TaskArgs args, Duration limit, String what, String where)
      throws InterruptedException {
    call(
        () -> {
          task.run(context, args);
          return null;
        },
        limit,
        what,
        where);
  }

  /**
   * Calls {@code body} within {@code limit}.
   *
   * @param what how messages name the code: {@code task check-version}
   * @param where the jar it comes from, or null
   * @throws TaskFailedException when it failed, threw, or did not return in time
   * @throws RollrunException as it threw it (a lost connection, a command timed out on the node)
   */
  public static <T> T call(Body<T> body, Duration limit, String what, String where)
      throws InterruptedException {
    FutureTask<T> future = new FutureTask<>(body::call);
    Thread thread = new Thread(future, "rollrun-task-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
    try {
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TaskFailedException(
          what
              + " did not return within "
              + Durations.format(limit)
              + " and was interrupted"
              + (where == null ? "" : " (" + where + ")"));
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw failure(e.getCause(), what, where);
    }
  }

  /**
   * Where a plugin's object comes from, for messages: its jar (or classes directory), or null for
   * rollrun's own classes and those of unknown origin.
   */
  public static String origin(Object extension) {
    if (extension == null) {
      return null;
    }
    try {
      java.security.CodeSource source = extension.getClass().getProtectionDomain().getCodeSource();
      java.security.CodeSource api = Task.class.getProtectionDomain().getCodeSource();
      if (source == null
          || source.getLocation() == null
          || api != null && source.getLocation().equals(api.getLocation())) {
        return null; // a check or wrapper made with StopCheck.of / NodeWrapper.of
      }
      return java.nio.file.Path.of(source.getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static RuntimeException failure(Throwable cause, String what, String where) {
    if (cause instanceof RollrunException rollrun) {
      return rollrun; // TaskFailedException included: its message is the task's own
    }
    StringBuilder reason =
        new StringBuilder(what)
            .append(" threw ")
            .append(cause.getClass().getName())
            .append(cause.getMessage() == null ? "" : ": " + cause.getMessage());
    StackTraceElement[] trace = cause.getStackTrace();
    if (trace.length > 0) {
      reason.append(" at ").append(trace[0]);
    }
    if (where != null) {
      reason.append(" (").append(where).append(")");
    }
    return new TaskFailedException(reason.toString());
  }
}

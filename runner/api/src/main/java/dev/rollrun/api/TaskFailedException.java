package dev.rollrun.api;

/**
 * A task said it failed ({@link TaskContext#fail}): the step fails with this message, as an
 * operator reads it, without a stack trace.
 */
public class TaskFailedException extends RollrunException {

  public TaskFailedException(String message) {
    super(message);
  }
}

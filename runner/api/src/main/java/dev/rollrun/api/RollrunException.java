package dev.rollrun.api;

/**
 * The one unchecked root of every error rollrun reports to an operator. Subclasses carry the fields
 * that identify what went wrong (file and position, host, step) and their message quotes them, so
 * that the command line can print {@link #getMessage()} as one line.
 */
public class RollrunException extends RuntimeException {

  public RollrunException(String message) {
    super(message);
  }

  public RollrunException(String message, Throwable cause) {
    super(message, cause);
  }
}

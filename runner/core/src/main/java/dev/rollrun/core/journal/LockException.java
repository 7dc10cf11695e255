package dev.rollrun.core.journal;

import dev.rollrun.api.RollrunException;

/**
 * The cluster's lock could not be taken: another run holds it, or the place it lives cannot be
 * reached. The roll does not start; nothing was touched.
 */
public class LockException extends RollrunException {

  public LockException(String message) {
    super(message);
  }

  public LockException(String message, Throwable cause) {
    super(message, cause);
  }
}

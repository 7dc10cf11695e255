package dev.rollrun.core.load;

import dev.rollrun.api.RollrunException;

/**
 * The cluster could not be asked which members it has, or what it says does not match the
 * inventory: nothing was stopped, and the roll does not start.
 */
public final class DiscoveryException extends RollrunException {

  public DiscoveryException(String message) {
    super(message);
  }

  public DiscoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}

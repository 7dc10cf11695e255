package dev.rollrun.core.problem;

import dev.rollrun.api.RollrunException;

/** A command-line option or argument that cannot be used, e.g. an unknown host in --limit. */
public class UsageException extends RollrunException {

  public UsageException(String message) {
    super(message);
  }
}

package dev.rollrun.core.plugin;

import dev.rollrun.api.RollrunException;

/**
 * A run needs something a plugin would provide, and a plugin failed to load: the message names the
 * playbook position that needs it and every plugin that was skipped, with why. Exit code 4.
 */
public class PluginLoadException extends RollrunException {

  public PluginLoadException(String message) {
    super(message);
  }
}

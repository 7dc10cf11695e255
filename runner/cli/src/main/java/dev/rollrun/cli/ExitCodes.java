package dev.rollrun.cli;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.UsageException;

/**
 * rollrun's exit codes, and the one place where an exception becomes one.
 *
 * <table>
 *   <tr><td>0</td><td>done (or, for a dry run, nothing wrong found)</td></tr>
 *   <tr><td>1</td><td>internal error: a defect in rollrun</td></tr>
 *   <tr><td>2</td><td>usage or validation: a flag, playbook or inventory is wrong</td></tr>
 *   <tr><td>3</td><td>the roll failed: a node, a step or a health gate</td></tr>
 *   <tr><td>4</td><td>a plugin failed to load</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C)</td></tr>
 * </table>
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int USAGE = 2;
  public static final int ROLL_FAILED = 3;
  public static final int PLUGIN_FAILED = 4;
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  static int of(Throwable error) {
    if (error instanceof InvalidConfigException || error instanceof UsageException) {
      return USAGE;
    }
    if (error instanceof RollrunException) {
      return ROLL_FAILED;
    }
    return INTERNAL_ERROR;
  }
}

package dev.rollrun.cli;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.exec.StepFailedException;
import dev.rollrun.core.health.GateTimeoutException;
import dev.rollrun.core.journal.LockException;
import dev.rollrun.core.load.DiscoveryException;
import dev.rollrun.core.load.PlanChangedException;
import dev.rollrun.core.plugin.PluginLoadException;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.ssh.HostException;

/**
 * rollrun's exit codes, and the one place where an exception becomes one.
 *
 * <table>
 *   <tr><td>0</td><td>done (or, for a dry run, nothing wrong found)</td></tr>
 *   <tr><td>1</td><td>internal error: a defect in rollrun</td></tr>
 *   <tr><td>2</td><td>usage or validation: a flag, playbook or inventory is wrong</td></tr>
 *   <tr><td>3</td><td>the roll failed: a node, a step or a health gate; or the cluster's lock is
 *       held by another run, cannot be reached, or was lost during the run</td></tr>
 *   <tr><td>4</td><td>a plugin failed to load</td></tr>
 *   <tr><td>5</td><td>the operator said no at a question (--commit's, --paranoid's): nothing
 *       further was changed</td></tr>
 *   <tr><td>6</td><td>the plan is not the approved one ({@code --expect-digest}, {@code --plan}):
 *       nothing was touched</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C)</td></tr>
 * </table>
 *
 * <p>An exception that ends a command maps by what it is, never by its root type alone:
 *
 * <ul>
 *   <li>4 for {@link PluginLoadException}: a run needs what a plugin that failed to load would
 *       provide;
 *   <li>5 for {@link PlanChangedException}: the plan made now is not the one approved;
 *   <li>2 for {@link InvalidConfigException} and {@link UsageException}: the operator's input;
 *   <li>3 for a failure of the roll itself: {@link HostException} (a node that cannot be reached, a
 *       host key refused, a command that timed out there), {@link StepFailedException}, {@link
 *       GateTimeoutException}, {@link LockException} (another run holds the cluster's lock, or it
 *       cannot be reached), {@link DiscoveryException} (the cluster cannot be asked, or does not
 *       match the inventory), or a {@link RollrunException} that wraps one of them;
 *   <li>1 for everything else, a {@link RollrunException} of any other kind included: a JSON Schema
 *       missing from the distribution, a bug. Exit 3 tells an operator that their cluster needs a
 *       look, so it is never the answer to a defect of rollrun.
 * </ul>
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int USAGE = 2;
  public static final int ROLL_FAILED = 3;
  public static final int PLUGIN_FAILED = 4;
  public static final int DECLINED = 5;
  public static final int PLAN_CHANGED = 6;
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  static int of(Throwable error) {
    if (error instanceof PluginLoadException) {
      return PLUGIN_FAILED;
    }
    if (error instanceof PlanChangedException) {
      return PLAN_CHANGED;
    }
    if (error instanceof InvalidConfigException || error instanceof UsageException) {
      return USAGE;
    }
    if (isRollFailure(error)) {
      return ROLL_FAILED;
    }
    return INTERNAL_ERROR;
  }

  /** A node, a step or a gate failed: the exception itself, or one rollrun wrapped it in. */
  private static boolean isRollFailure(Throwable error) {
    for (Throwable t = error; t instanceof RollrunException; t = t.getCause()) {
      if (t instanceof HostException
          || t instanceof StepFailedException
          || t instanceof GateTimeoutException
          || t instanceof LockException
          || t instanceof DiscoveryException) {
        return true;
      }
    }
    return false;
  }
}

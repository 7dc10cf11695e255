package dev.rollrun.cli;

import dev.rollrun.core.load.ExtraVars;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.load.PlanOptions;
import dev.rollrun.core.notify.Notifications;
import java.util.List;

/** A loaded playbook's {@code notify:}, with the variables of this command line. */
final class RunNotifications {

  private RunNotifications() {}

  /**
   * The notifications, their templates checked (a template that cannot be rendered is refused at
   * its file:line:column, exit 2).
   *
   * @param extraVars the {@code -e} values, as given
   */
  static Notifications of(LoadedPlan loaded, List<String> extraVars) {
    Notifications notifications =
        Notifications.of(
            loaded.playbook(),
            loaded.playbook().cluster(),
            ExtraVars.parse(extraVars),
            PlanOptions.defaults().environment(),
            RollExecution.user(),
            RollExecution.machine());
    notifications.check();
    return notifications;
  }
}

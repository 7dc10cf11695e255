package dev.rollrun.core.exec;

import dev.rollrun.api.Host;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.Sleeper;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What a step executor may use: the node it runs for (null for cluster-wide steps), the shell, a
 * listener for its output lines, the health gate waiter, the sleeper, whether the operator has
 * asked to stop, the secret values to hide in what a task's commands show, and the values owned
 * settings saved before they changed.
 */
record StepContext(
    Host host,
    Shell shell,
    Shell.LineListener lines,
    HealthGateWaiter gates,
    Sleeper sleeper,
    BooleanSupplier stopRequested,
    Duration defaultTimeout,
    Redactor redactor,
    OwnedValues owned) {

  String where() {
    return host == null ? "cluster" : host.name();
  }

  Duration timeoutOr(Duration declared) {
    return declared == null ? defaultTimeout : declared;
  }
}

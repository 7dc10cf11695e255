package dev.rollrun.plugins.consul;

import dev.rollrun.api.TaskContext;

/**
 * Waiting for a node to be back in its role: its own view over SSH ({@link LocalState}) and
 * Consul's (its checks passing), polled every {@code interval} of the settings until a deadline.
 */
final class NodeWaits {

  private NodeWaits() {}

  /**
   * Until the local services and role check of the context's node fit {@code role}.
   *
   * @param tick called between polls (renewing a session, say)
   * @return null once they fit, else why they still did not at the deadline
   */
  static String untilLocal(
      TaskContext context, ConsulSettings settings, String role, Deadline deadline, Runnable tick)
      throws InterruptedException {
    while (true) {
      String wrong = LocalState.read(context, settings).disagreement(role, settings.standbyRuns());
      if (wrong == null) {
        return null;
      }
      if (deadline.passed()) {
        return wrong;
      }
      tick.run();
      deadline.sleep(settings.interval());
    }
  }

  /**
   * Until Consul says {@code node} passes its checks.
   *
   * @return null once it does, else its last health at the deadline
   */
  static String untilPassing(ConsulClient client, String node, Deadline deadline, Runnable tick)
      throws InterruptedException {
    while (true) {
      String health =
          client.health(client.settings().service()).getOrDefault(node, "not registered");
      if (health.equals("passing")) {
        return null;
      }
      if (deadline.passed()) {
        return health;
      }
      tick.run();
      deadline.sleep(client.settings().interval());
    }
  }
}

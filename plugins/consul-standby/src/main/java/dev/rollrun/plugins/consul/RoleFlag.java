package dev.rollrun.plugins.consul;

/**
 * PowerConsul's promote and demote flags: two keys per node, {@code
 * service/<service>/<node>/promote} and {@code .../demote}, each {@code NULL} (no action), {@code
 * START} (begin: set by whoever switches the roles) or {@code WAIT} (the node did its part and
 * waits: set by the node's own watcher). Whoever switches sets them back to {@code NULL} once every
 * node has answered.
 *
 * <p>What a node's watcher does on each value (the contract rollrun relies on, PowerConsul's {@code
 * promote} and {@code demote} service commands):
 *
 * <pre>
 * demote  START  set the noop lockfile, stop acting as the active (stop the local services), write WAIT
 * demote  NULL   remove the noop lockfile
 * promote START  set the noop lockfile, write WAIT
 * promote NULL   act as the active (start the local services) when the cluster key lists the node
 *                among active_nodes, then remove the noop lockfile
 * </pre>
 */
enum RoleFlag {
  NULL,
  START,
  WAIT;

  /** Which of a node's two flags. */
  enum Kind {
    PROMOTE("promote"),
    DEMOTE("demote");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** The last part of the key: {@code promote} or {@code demote}. */
    String key() {
      return key;
    }
  }

  /**
   * A flag's value as stored; a missing key counts as {@code NULL} (PowerConsul initialises both
   * keys to {@code NULL}), any other text is refused by the caller.
   */
  static RoleFlag parse(String value) {
    if (value == null || value.isBlank()) {
      return NULL;
    }
    return switch (value.strip()) {
      case "NULL" -> NULL;
      case "START" -> START;
      case "WAIT" -> WAIT;
      default -> null;
    };
  }
}

package dev.rollrun.plugins.zookeeper;

import dev.rollrun.api.Host;
import dev.rollrun.api.TaskArgs;

/**
 * Where a member's ports are: the playbook's {@code settings:} give the defaults for every member
 * ({@code client-port}, {@code admin-port}, {@code via}), a host's variables ({@code
 * zookeeper_client_port}, {@code zookeeper_admin_port}) win for that host.
 *
 * @param clientPort the client port, 2181 unless said
 * @param adminPort the AdminServer's port, 8080 unless said
 * @param throughSsh whether the AdminServer is reached through the node's SSH session ({@code via:
 *     ssh}, at {@code localhost:<admin port>} as the node sees it) rather than directly at the
 *     host's address
 */
record ZooKeeperSettings(int clientPort, int adminPort, boolean throughSsh) {

  static final int CLIENT_PORT = 2181;
  static final int ADMIN_PORT = 8080;

  /** The host variable that overrides {@code client-port} for one host. */
  static final String CLIENT_PORT_VAR = "zookeeper_client_port";

  /** The host variable that overrides {@code admin-port} for one host. */
  static final String ADMIN_PORT_VAR = "zookeeper_admin_port";

  /** The host variable that names a host's member id when the member does not answer. */
  static final String ID_VAR = "zookeeper_id";

  static ZooKeeperSettings of(TaskArgs settings) {
    return new ZooKeeperSettings(
        settings.integer("client-port", CLIENT_PORT),
        settings.integer("admin-port", ADMIN_PORT),
        "ssh".equals(settings.string("via", "direct")));
  }

  int clientPort(Host host) {
    return port(host, CLIENT_PORT_VAR, clientPort);
  }

  int adminPort(Host host) {
    return port(host, ADMIN_PORT_VAR, adminPort);
  }

  private static int port(Host host, String var, int otherwise) {
    Object value = host.vars().get(var);
    if (value == null) {
      return otherwise;
    }
    try {
      int port =
          value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          host.name() + ": " + var + " \"" + value + "\" is not a port (1 to 65535)");
    }
  }
}

package dev.rollrun.tests.fleet;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes what a client needs to reach a fleet: {@code known_hosts}, {@code ssh_config} and the
 * rollrun inventory.
 */
final class FleetFiles {

  private FleetFiles() {}

  /** {@code [127.X.Y.i]:PORT ssh-ed25519 KEY}, one line per host. */
  static void writeKnownHosts(Path file, List<SshdHost> hosts) {
    StringBuilder out = new StringBuilder();
    hosts.forEach(h -> out.append(h.knownHostsLine()).append('\n'));
    SshdHost.write(file, out.toString());
  }

  /**
   * One {@code Host hN} entry per host, complete on its own (HostName, Port, User, IdentityFile,
   * UserKnownHostsFile, StrictHostKeyChecking yes), then client tuning for all of them.
   */
  static void writeSshConfig(
      Path file, List<SshdHost> hosts, String user, Path identity, Path knownHosts) {
    StringBuilder out = new StringBuilder();
    out.append("# Hosts of an SshdFleet (written by the test fixture): ssh -F ")
        .append(file)
        .append(" h1 <command>\n");
    for (SshdHost h : hosts) {
      out.append("\nHost ").append(h.name()).append('\n');
      out.append("  HostName ").append(h.address()).append('\n');
      out.append("  Port ").append(h.sshPort()).append('\n');
      out.append("  User ").append(user).append('\n');
      out.append("  IdentityFile ").append(SshdHost.quote(identity)).append('\n');
      out.append("  UserKnownHostsFile ").append(SshdHost.quote(knownHosts)).append('\n');
      out.append("  StrictHostKeyChecking yes\n");
    }
    out.append(
        """

        Host *
          IdentitiesOnly yes
          GlobalKnownHostsFile /dev/null
          UpdateHostKeys no
          CheckHostIP no
          BatchMode yes
          PasswordAuthentication no
          ConnectTimeout 5
          ControlMaster no
          ControlPath none
          LogLevel ERROR
          # The default post-quantum key exchange (sntrup761) costs the client ~150 ms of CPU
          # per connection; these fixtures test rollrun, not key exchange.
          KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
        """);
    SshdHost.write(file, out.toString());
  }

  /** The rollrun inventory: every host with role {@code app} and its service port in vars. */
  static void writeInventory(
      Path file, List<SshdHost> hosts, String user, Path identity, String network) {
    StringBuilder out = new StringBuilder();
    out.append("# Hosts of an SshdFleet on ")
        .append(network)
        .append(" (written by the test fixture)\n");
    out.append("defaults:\n");
    out.append("  user: ").append(yaml(user)).append('\n');
    out.append("  identity: ").append(yaml(identity.toString())).append('\n');
    out.append("hosts:\n");
    for (SshdHost h : hosts) {
      out.append("  ").append(h.name()).append(":\n");
      out.append("    address: ").append(h.address()).append('\n');
      out.append("    port: ").append(h.sshPort()).append('\n');
      out.append("    roles: [app]\n");
      out.append("    vars: { service.port: ").append(h.servicePort()).append(" }\n");
    }
    SshdHost.write(file, out.toString());
  }

  /** A YAML scalar: plain when that is unambiguous, double-quoted otherwise. */
  static String yaml(String value) {
    if (value.matches("[A-Za-z0-9_/][A-Za-z0-9_./@+-]*")) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

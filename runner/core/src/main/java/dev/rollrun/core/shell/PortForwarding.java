package dev.rollrun.core.shell;

import dev.rollrun.api.Host;
import java.net.InetSocketAddress;

/**
 * Reaches an endpoint open only on a node: a local port forwarded through the node's SSH session
 * (like {@code ssh -L}). A forward is opened on first use and reused; it is opened again when the
 * node's session was (after the node restarted or the connection broke).
 */
public interface PortForwarding {

  /**
   * A local address whose connections reach {@code remoteHost:remotePort} as the node sees it.
   *
   * @throws dev.rollrun.api.RollrunException when the node cannot be reached or refuses to forward
   */
  InetSocketAddress forward(Host host, String remoteHost, int remotePort);
}

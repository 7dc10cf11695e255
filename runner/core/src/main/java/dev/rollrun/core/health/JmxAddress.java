package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.PortForwarding;
import java.net.InetSocketAddress;

/**
 * The JMX service URL of a node as a {@code jmx:} condition reaches it, for a JMX client other than
 * the probes ({@code rollrun jmx} runs jmxterm with it): direct, or through the node's SSH forward,
 * with RMI's second connection sent through the same forward.
 */
public final class JmxAddress implements AutoCloseable {

  private final String serviceUrl;
  private final RmiRedirects.Tunnel tunnel;

  private JmxAddress(String serviceUrl, RmiRedirects.Tunnel tunnel) {
    this.serviceUrl = serviceUrl;
    this.tunnel = tunnel;
  }

  /** {@code service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi}. */
  public String serviceUrl() {
    return serviceUrl;
  }

  /** Stops sending RMI connections through the forward. */
  @Override
  public void close() {
    if (tunnel != null) {
      RmiRedirects.installed().unregister(tunnel);
    }
  }

  /**
   * The node's JMX address, open until closed.
   *
   * @throws RollrunException when the node's SSH session cannot forward, or another node already
   *     answers as the same endpoint
   */
  public static JmxAddress open(
      Host host, PlannedCondition.JmxCheck check, PortForwarding forwarding) {
    String address = check.host();
    int port = check.port();
    RmiRedirects.Tunnel tunnel = null;
    if (check.via() == Via.SSH) {
      InetSocketAddress local = forwarding.forward(host, check.host(), check.port());
      tunnel = new RmiRedirects.Tunnel(host.name(), check.host(), check.port(), local);
      String other = RmiRedirects.installed().register(tunnel);
      if (other != null) {
        throw new RollrunException(
            other + " already answers as " + check.host() + ":" + check.port() + " through SSH");
      }
      address = local.getHostString();
      port = local.getPort();
    } else {
      RmiRedirects.installed();
    }
    return new JmxAddress(
        "service:jmx:rmi:///jndi/rmi://" + address + ":" + port + "/jmxrmi", tunnel);
  }
}

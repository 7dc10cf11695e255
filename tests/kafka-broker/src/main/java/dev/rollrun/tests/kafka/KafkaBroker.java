package dev.rollrun.tests.kafka;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * A Kafka broker ({@code kafka.Kafka}) whose JMX is served on one loopback address and one port
 * only: {@code KafkaBroker JMX_ADDRESS JMX_PORT server.properties}. The JDK's {@code
 * com.sun.management.jmxremote} properties would also open a local connector on every interface;
 * here the RMI registry and the connector share one port bound to {@code JMX_ADDRESS}, so one SSH
 * forward reaches both, as rollrun's {@code jmx:} conditions expect.
 */
public final class KafkaBroker {

  private KafkaBroker() {}

  /** Server sockets on one address; equal instances share one port for registry and connector. */
  record BoundSockets(String address) implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return new ServerSocket(port, 50, InetAddress.getByName(address));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: KafkaBroker JMX_ADDRESS JMX_PORT server.properties");
      System.exit(2);
    }
    String address = args[0];
    int port = Integer.parseInt(args[1]);
    System.setProperty("java.rmi.server.hostname", address);
    BoundSockets sockets = new BoundSockets(address);
    LocateRegistry.createRegistry(port, null, sockets);
    JMXServiceURL url =
        new JMXServiceURL(
            "service:jmx:rmi://"
                + address
                + ":"
                + port
                + "/jndi/rmi://"
                + address
                + ":"
                + port
                + "/jmxrmi");
    JMXConnectorServer connector =
        JMXConnectorServerFactory.newJMXConnectorServer(
            url,
            Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets),
            ManagementFactory.getPlatformMBeanServer());
    connector.start();
    kafka.Kafka.main(new String[] {args[2]});
  }
}

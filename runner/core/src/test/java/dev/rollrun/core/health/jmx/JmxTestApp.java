package dev.rollrun.core.health.jmx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * A JVM with remote JMX for tests, run as its own process: {@code JmxTestApp ADDRESS PORT COUNT
 * DELAY_MS [RMI_PORT]}. Serves the RMI registry and the RMI connector on one port bound to ADDRESS
 * only (as TESTBED.md describes: one port, so one SSH forward suffices), and registers COUNT MBeans
 * {@code rollrun.test:type=Gauge,name=N} with a writable {@code Value}, DELAY_MS after JMX answers
 * (a broker that registers its metrics late). Prints {@code READY} when JMX answers.
 */
public final class JmxTestApp {

  /** The MBean interface of one gauge. */
  public interface GaugeMBean {
    long getValue();

    void setValue(long value);
  }

  /** A gauge the test sets over JMX. */
  public static final class Gauge implements GaugeMBean {
    private volatile long value;

    @Override
    public long getValue() {
      return value;
    }

    @Override
    public void setValue(long value) {
      this.value = value;
    }
  }

  /** Server sockets on one address; equal instances share one port for registry and connector. */
  record BoundSockets(String address) implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return new ServerSocket(port, 50, InetAddress.getByName(address));
    }
  }

  public static void main(String[] args) throws Exception {
    String address = args[0];
    int port = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    long delay = Long.parseLong(args[3]);
    // Another port for the RMI connector than the registry's: what a JVM does unless told.
    int rmiPort = args.length > 4 ? Integer.parseInt(args[4]) : port;
    System.setProperty("java.rmi.server.hostname", address);
    BoundSockets sockets = new BoundSockets(address);
    LocateRegistry.createRegistry(port, null, sockets);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    JMXServiceURL url =
        new JMXServiceURL(
            "service:jmx:rmi://"
                + address
                + ":"
                + rmiPort
                + "/jndi/rmi://"
                + address
                + ":"
                + port
                + "/jmxrmi");
    JMXConnectorServer connector =
        JMXConnectorServerFactory.newJMXConnectorServer(
            url, Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets), server);
    connector.start();
    System.out.println("READY");
    System.out.flush();
    if (delay > 0) {
      Thread.sleep(delay);
    }
    for (int i = 0; i < count; i++) {
      server.registerMBean(new Gauge(), new ObjectName("rollrun.test:type=Gauge,name=" + i));
    }
    Thread.currentThread().join();
  }
}

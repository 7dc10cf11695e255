package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.PortForwarding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * {@code jmx:} reads an MBean attribute (or that attribute of every MBean a pattern names) with the
 * JDK's remote JMX client. One connection per node and endpoint, kept from check to check; a
 * connection that fails is dropped and opened again on the next check, so a restarted JVM is found
 * again. A missing MBean (a broker that registers it late) or an unreachable JVM is a missing
 * value: unhealthy, never 0.
 */
final class JmxProbe implements TypedProbe<PlannedCondition.JmxCheck>, AutoCloseable {

  static final long CONNECT_TIMEOUT_SECONDS = 10;

  private record Endpoint(String node, String host, int port, String user, boolean ssl, Via via) {}

  private final PortForwarding forwarding;
  private final Map<Endpoint, JMXConnector> connections = new ConcurrentHashMap<>();
  private final Map<String, RmiRedirects.Tunnel> tunnels = new ConcurrentHashMap<>();
  private final ExecutorService connecting =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "rollrun-jmx-connect");
            t.setDaemon(true);
            return t;
          });

  JmxProbe(PortForwarding forwarding) {
    this.forwarding = forwarding;
  }

  @Override
  public Class<PlannedCondition.JmxCheck> kind() {
    return PlannedCondition.JmxCheck.class;
  }

  @Override
  public Optional<String> check(Host host, PlannedCondition.JmxCheck check) {
    return Optional.ofNullable(probe(host, check).problem());
  }

  @Override
  public ProbeResult probe(Host host, PlannedCondition.JmxCheck check) {
    String where = "jmx " + check.host() + ":" + check.port();
    ObjectName name;
    try {
      name = new ObjectName(check.mbean());
    } catch (MalformedObjectNameException e) {
      return ProbeResult.missing(check.mbean() + " is not an ObjectName (" + e.getMessage() + ")");
    }
    Endpoint endpoint =
        new Endpoint(
            check.via() == Via.SSH && host != null ? host.name() : "",
            check.host(),
            check.port(),
            check.user() == null ? null : check.user().actual(),
            check.ssl(),
            check.via());
    Object value;
    try {
      MBeanServerConnection server = connection(host, endpoint, check).getMBeanServerConnection();
      value =
          name.isPattern()
              ? readPattern(server, name, check.attribute())
              : read(server, name, check.attribute());
    } catch (InstanceNotFoundException e) {
      return ProbeResult.missing("no MBean " + check.mbean() + " (yet)");
    } catch (AttributeNotFoundException e) {
      return ProbeResult.missing(
          "MBean " + check.mbean() + " has no attribute " + check.attribute());
    } catch (NoSuchPattern e) {
      return ProbeResult.missing("no MBean matches " + check.mbean() + " (yet)");
    } catch (IOException | RuntimeException e) {
      drop(endpoint);
      return ProbeResult.missing(where + " unreachable (" + describe(e) + ")");
    } catch (JMException e) {
      return ProbeResult.missing(where + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.missing(where + ": not checked (interrupted)");
    }
    if (value instanceof Map<?, ?> each) {
      for (var entry : each.entrySet()) {
        Optional<String> problem = Comparisons.test(check.comparisons(), entry.getValue());
        if (problem.isPresent()) {
          return ProbeResult.unhealthy(
              check.attribute() + " of " + entry.getKey() + " " + problem.get(), value);
        }
      }
      return ProbeResult.healthy(value);
    }
    Optional<String> problem = Comparisons.test(check.comparisons(), value);
    return problem
        .map(p -> ProbeResult.unhealthy(check.attribute() + " " + p, value))
        .orElseGet(() -> ProbeResult.healthy(value));
  }

  private static Object read(MBeanServerConnection server, ObjectName name, String attribute)
      throws JMException, IOException {
    return simple(server.getAttribute(name, attribute));
  }

  /** ObjectName to value, in name order. */
  private static Object readPattern(
      MBeanServerConnection server, ObjectName pattern, String attribute)
      throws JMException, IOException {
    Set<ObjectName> names = new TreeSet<>(server.queryNames(pattern, null));
    if (names.isEmpty()) {
      throw new NoSuchPattern();
    }
    Map<String, Object> values = new TreeMap<>();
    for (ObjectName name : names) {
      values.put(name.getCanonicalName(), simple(server.getAttribute(name, attribute)));
    }
    return values;
  }

  private static Object simple(Object value) {
    if (value == null
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof String) {
      return value;
    }
    return String.valueOf(value);
  }

  private JMXConnector connection(Host host, Endpoint endpoint, PlannedCondition.JmxCheck check)
      throws IOException, InterruptedException {
    JMXConnector open = connections.get(endpoint);
    if (open != null) {
      return open;
    }
    RmiRedirects rmi = RmiRedirects.installed();
    RmiRedirects.Tunnel tunnel = null;
    String host0 = check.host();
    int port0 = check.port();
    if (check.via() == Via.SSH) {
      if (host == null || forwarding == null) {
        throw new IOException("via: ssh needs a node and its SSH session");
      }
      InetSocketAddress local;
      try {
        local = forwarding.forward(host, check.host(), check.port());
      } catch (RollrunException e) {
        throw new IOException("through SSH: " + e.getMessage(), e);
      }
      tunnel = new RmiRedirects.Tunnel(host.name(), check.host(), check.port(), local);
      String other = rmi.register(tunnel);
      if (other == null) {
        RmiRedirects.Tunnel before =
            tunnels.put(host.name() + ">" + check.host() + ":" + check.port(), tunnel);
        if (before != null && !before.equals(tunnel)) {
          rmi.unregister(before);
        }
      }
      if (other != null) {
        throw new IOException(
            "the JMX servers of "
                + other
                + " and "
                + host.name()
                + " both answer as "
                + check.host()
                + ":"
                + check.port()
                + " through SSH, and RMI cannot tell them apart: start each JVM with"
                + " -Djava.rmi.server.hostname set to its own address, and name that address in"
                + " host:");
      }
      host0 = local.getHostString();
      port0 = local.getPort();
    }
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + host0 + ":" + port0 + "/jmxrmi");
    Map<String, Object> environment = new HashMap<>();
    if (check.user() != null) {
      environment.put(
          JMXConnector.CREDENTIALS,
          new String[] {
            check.user().actual(), check.password() == null ? "" : check.password().actual()
          });
    }
    if (check.ssl()) {
      environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
    }
    RmiRedirects.Tunnel through = tunnel;
    Future<JMXConnector> connect =
        connecting.submit(
            () ->
                through == null
                    ? JMXConnectorFactory.connect(url, environment)
                    : rmi.through(through, () -> JMXConnectorFactory.connect(url, environment)));
    JMXConnector connector;
    try {
      connector = connect.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      connect.cancel(true);
      throw new IOException("no JMX answer within " + CONNECT_TIMEOUT_SECONDS + "s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(describe(cause), cause);
    }
    JMXConnector raced = connections.putIfAbsent(endpoint, connector);
    if (raced != null) {
      closeQuietly(connector);
      return raced;
    }
    return connector;
  }

  private void drop(Endpoint endpoint) {
    JMXConnector gone = connections.remove(endpoint);
    if (gone != null) {
      closeQuietly(gone);
    }
  }

  private static void closeQuietly(JMXConnector connector) {
    try {
      connector.close();
    } catch (IOException | RuntimeException e) {
      // already gone
    }
  }

  /** The innermost message: RMI wraps the reason several times. */
  static String describe(Throwable e) {
    Throwable root = e;
    String message = null;
    while (root != null) {
      if (root.getMessage() != null && !root.getMessage().isBlank()) {
        message = root.getMessage();
      }
      if (root.getCause() == null || root.getCause() == root) {
        break;
      }
      root = root.getCause();
    }
    if (root != null && root.getMessage() != null && !root.getMessage().isBlank()) {
      message = root.getMessage();
    }
    if (message == null) {
      return root == null ? "unknown error" : root.getClass().getSimpleName();
    }
    int newline = message.indexOf(';');
    message =
        newline > 0 && message.startsWith("Connection refused")
            ? message.substring(0, newline)
            : message;
    return message.length() > 300 ? message.substring(0, 297) + "..." : message;
  }

  @Override
  public void close() {
    connections.values().forEach(JmxProbe::closeQuietly);
    connections.clear();
    tunnels.values().forEach(t -> RmiRedirects.installed().unregister(t));
    tunnels.clear();
    connecting.shutdownNow();
  }

  private static final class NoSuchPattern extends JMException {
    NoSuchPattern() {
      super("no MBean matches");
    }
  }
}

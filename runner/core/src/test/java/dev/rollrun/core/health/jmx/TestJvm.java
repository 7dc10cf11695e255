package dev.rollrun.core.health.jmx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A {@link JmxTestApp} process started by a test: its address and port, the gauges it serves, set
 * over JMX by the test; killed by its pid when the test ends.
 */
public final class TestJvm implements AutoCloseable {

  private final String address;
  private final int port;
  private final Process process;

  private TestJvm(String address, int port, Process process) {
    this.address = address;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a JVM serving JMX on {@code address} (a 127.x loopback address), on a free port or the
   * one given.
   */
  public static TestJvm start(String address, int port, int gauges, long delayMillis)
      throws IOException, InterruptedException {
    return start(address, port, gauges, delayMillis, 0);
  }

  /**
   * @param rmiPort the RMI connector's own port, another than the registry's; 0 for the same
   */
  public static TestJvm start(String address, int port, int gauges, long delayMillis, int rmiPort)
      throws IOException, InterruptedException {
    int chosen = port > 0 ? port : freePort(address);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(JmxTestApp.class.getName());
    command.addAll(
        List.of(
            address, String.valueOf(chosen), String.valueOf(gauges), String.valueOf(delayMillis)));
    if (rmiPort > 0) {
      command.add(String.valueOf(rmiPort));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    TestJvm jvm = new TestJvm(address, chosen, process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    StringBuilder seen = new StringBuilder();
    while ((line = out.readLine()) != null) {
      if (line.equals("READY")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe from filling
                    }
                  } catch (IOException e) {
                    // the JVM is gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return jvm;
      }
      seen.append(line).append('\n');
    }
    jvm.close();
    throw new IOException("the test JVM did not start: " + seen);
  }

  public static int freePort(String address) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    }
  }

  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Sets gauge {@code name}'s value over JMX. Tried again once: in a JVM that also read this JVM
   * through a forward since closed, RMI may first reuse a pooled connection that went with it.
   */
  public void set(int name, long value) throws Exception {
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + ":" + port + "/jmxrmi");
    for (int attempt = 1; ; attempt++) {
      try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
        connector
            .getMBeanServerConnection()
            .setAttribute(
                new ObjectName("rollrun.test:type=Gauge,name=" + name),
                new Attribute("Value", value));
        return;
      } catch (IOException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /** Kills the JVM at once (SIGKILL), as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

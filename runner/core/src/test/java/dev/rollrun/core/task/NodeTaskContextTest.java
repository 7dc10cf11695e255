package dev.rollrun.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.Host;
import dev.rollrun.core.shell.PortForwarding;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import dev.rollrun.core.text.Redactor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What plugin code reaches besides its own node: the playbook's whole selection, and ports on any
 * of its hosts through that host's SSH session, at the address the host itself sees.
 */
class NodeTaskContextTest {

  private static Host host(String name) {
    return new Host(
        name, "10.0.0." + name.charAt(3), 22, null, null, List.of(), null, null, Map.of());
  }

  /** A shell that records the forwards asked of it. */
  private static final class ForwardingShell implements Shell, PortForwarding {
    final List<String> forwards = new ArrayList<>();

    @Override
    public InetSocketAddress forward(Host host, String remoteHost, int remotePort) {
      forwards.add(host.name() + " -> " + remoteHost + ":" + remotePort);
      return new InetSocketAddress("127.0.0.1", 40000 + forwards.size());
    }

    @Override
    public ShellResult run(Host host, ShellCommand command, LineListener lines) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String connect(Host host) {
      return host.name();
    }

    @Override
    public void close() {}
  }

  private final ForwardingShell shell = new ForwardingShell();

  @Test
  void theClusterIsThePlaybooksSelectionOrElseThisNodeAlone() {
    List<Host> cluster = List.of(host("es-1"), host("es-2"), host("es-3"));
    NodeTaskContext withCluster =
        new NodeTaskContext(
            cluster.get(1),
            shell,
            Shell.LineListener.NONE,
            Duration.ofSeconds(5),
            Redactor.NONE,
            cluster);
    NodeTaskContext alone =
        new NodeTaskContext(
            cluster.get(1), shell, Shell.LineListener.NONE, Duration.ofSeconds(5), Redactor.NONE);
    assertEquals(cluster, withCluster.cluster());
    assertEquals(List.of(cluster.get(1)), alone.cluster());
  }

  @Test
  void aPortIsForwardedToTheAddressTheNodeSees() {
    NodeTaskContext context =
        new NodeTaskContext(
            host("es-1"), shell, Shell.LineListener.NONE, Duration.ofSeconds(5), Redactor.NONE);
    context.tunnel(host("es-2"), 9200);
    context.tunnel(host("es-3"), "10.0.0.3", 9200);
    assertEquals(List.of("es-2 -> localhost:9200", "es-3 -> 10.0.0.3:9200"), shell.forwards);
  }
}

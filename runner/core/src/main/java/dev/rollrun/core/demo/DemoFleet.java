package dev.rollrun.core.demo;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.load.OpenedInventory;
import dev.rollrun.core.problem.SourcePosition;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * The embedded demo fleet a playbook asks for with {@code inventory: demo:N}: N real SSH servers
 * (Apache MINA) on loopback, each with its own host key and a tiny {@link DemoService}, so that a
 * real roll can be watched on a machine with nothing else running. Other commands run in {@code
 * /bin/sh} on this machine, as the operator's user.
 *
 * <p>Only a playbook that names {@code demo:N} gets one: rollrun never falls back to it. The
 * fleet's host keys and client key live in a temporary directory, trusted through a known_hosts
 * file of its own, never written to {@code ~/.ssh}.
 *
 * <p><b>Addresses.</b> A plan shows every host's address and port, and its digest covers them, so
 * the demo's hosts must not move from run to run. Node {@code i} therefore has a loopback address
 * of its own, {@code 127.0.77.i}, with SSH on {@value #SSH_PORT} and its service on {@value
 * #SERVICE_PORT}: the plan of {@code demo:N} is the same on every run ({@link #plannedInventory}).
 * When that range is taken (another demo is running), the fleet moves to {@code 127.0.78.i}, then
 * {@code 127.0.79.i}; on a machine where only {@code 127.0.0.1} answers (macOS without aliases),
 * every node shares it on random ports. The roll then shows where the fleet really is, and its
 * digest differs from what {@code rollrun plan} printed.
 */
public final class DemoFleet implements OpenedInventory {

  private static final Pattern DEMO = Pattern.compile("demo:(\\d+)");
  static final int MAX_NODES = 20;
  static final int SSH_PORT = 2222;
  static final int SERVICE_PORT = 8080;

  /** The SSH user of every node; the servers accept the fleet's key for any user. */
  static final String USER = "demo";

  /** Where a fleet's nodes listen, in the order they are tried. */
  private static final List<Layout> LAYOUTS =
      List.of(
          Layout.ownAddresses("127.0.77."),
          Layout.ownAddresses("127.0.78."),
          Layout.ownAddresses("127.0.79."),
          Layout.SHARED);

  /**
   * Node {@code i} on {@code prefix + i} with the fixed ports, or (no prefix) every node on {@code
   * 127.0.0.1} with ports of their own, picked at random.
   */
  private record Layout(String prefix) {
    static final Layout SHARED = new Layout(null);

    static Layout ownAddresses(String prefix) {
      return new Layout(prefix);
    }

    String address(int node) {
      return prefix == null ? "127.0.0.1" : prefix + node;
    }

    boolean fixedPorts() {
      return prefix != null;
    }
  }

  private final List<SshServer> servers = new ArrayList<>();
  private final List<DemoService> services = new ArrayList<>();
  private final Path dir;
  private final Path knownHosts;
  private Inventory inventory;

  /** Starts the fleet in {@code layout}; on failure, stops what it started and throws. */
  private DemoFleet(int nodes, Layout layout) throws IOException, GeneralSecurityException {
    dir = Files.createTempDirectory("rollrun-demo-");
    knownHosts = dir.resolve("known_hosts");
    try {
      start(nodes, layout);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void start(int nodes, Layout layout) throws IOException, GeneralSecurityException {
    if (layout.fixedPorts()) {
      // Find out quietly: MINA logs an error for an address it cannot bind.
      for (int i = 1; i <= nodes; i++) {
        InetAddress address = InetAddress.getByName(layout.address(i));
        probe(address, SSH_PORT);
        probe(address, SERVICE_PORT);
      }
    }
    Path identity = dir.resolve("id_demo");
    KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    try (OutputStream out = Files.newOutputStream(identity)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "rollrun demo", null, out);
    }
    Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
    StringBuilder known = new StringBuilder();
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      InetAddress address = InetAddress.getByName(layout.address(i));
      DemoService service =
          new DemoService(
              address, layout.fixedPorts() ? SERVICE_PORT : DemoService.freePort(address));
      services.add(service);
      SshServer server = server(address, layout.fixedPorts() ? SSH_PORT : 0, client, service);
      servers.add(server);
      server.start();
      PublicKey hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
      known
          .append('[')
          .append(layout.address(i))
          .append("]:")
          .append(server.getPort())
          .append(' ')
          .append(PublicKeyEntry.toString(hostKey))
          .append('\n');
      hosts.add(host(i, nodes, layout.address(i), server.getPort(), identity, service.port()));
    }
    Files.writeString(knownHosts, known, StandardCharsets.UTF_8);
    startServices();
    inventory = inventory(nodes, hosts);
  }

  /** Throws when nothing can listen on {@code address:port}: taken, or no such address here. */
  private static void probe(InetAddress address, int port) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port), 1);
    }
  }

  /**
   * The hosts of {@code demo:N} as a plan shows them, without starting anything: what {@code
   * rollrun plan} and {@code rollrun validate} use, and what {@link #start} gives whenever the
   * first addresses are free.
   */
  public static Inventory plannedInventory(int nodes) {
    Layout layout = LAYOUTS.get(0);
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      hosts.add(host(i, nodes, layout.address(i), SSH_PORT, null, SERVICE_PORT));
    }
    return inventory(nodes, hosts);
  }

  private static Host host(
      int node, int nodes, String address, int sshPort, Path identity, int servicePort) {
    return new Host(
        "demo-" + node,
        address,
        sshPort,
        USER,
        identity == null ? null : identity.toString(),
        List.of(node == nodes ? "primary" : "replica"),
        "rack-" + (1 + (node - 1) % 2),
        null,
        Map.of("service_port", servicePort));
  }

  private static Inventory inventory(int nodes, List<Host> hosts) {
    Map<String, SourcePosition> positions = new LinkedHashMap<>();
    hosts.forEach(h -> positions.put(h.name(), SourcePosition.startOf("demo:" + nodes)));
    return new Inventory("demo:" + nodes, hosts, positions);
  }

  /** True when an inventory reference asks for the embedded demo fleet. */
  public static boolean isDemo(String inventoryReference) {
    return inventoryReference.strip().startsWith("demo:");
  }

  /**
   * The N of {@code demo:N}.
   *
   * @throws IllegalArgumentException when the reference is not {@code demo:N} with N in 1..20
   */
  public static int nodes(String inventoryReference) {
    Matcher m = DEMO.matcher(inventoryReference.strip());
    int n = m.matches() && m.group(1).length() < 4 ? Integer.parseInt(m.group(1)) : -1;
    if (n < 1 || n > MAX_NODES) {
      throw new IllegalArgumentException(
          "\"" + inventoryReference + "\": the demo fleet is demo:N with N from 1 to " + MAX_NODES);
    }
    return n;
  }

  /**
   * Starts a fleet of {@code nodes} nodes, at the first addresses that are free (see the class
   * comment).
   */
  public static DemoFleet start(int nodes) {
    IOException last = null;
    for (Layout layout : LAYOUTS) {
      try {
        return new DemoFleet(nodes, layout);
      } catch (IOException e) {
        last = e; // taken, or no such address here: try the next layout
      } catch (GeneralSecurityException e) {
        throw new RollrunException("cannot start the demo fleet: " + e.getMessage(), e);
      }
    }
    throw new RollrunException("cannot start the demo fleet: " + last.getMessage(), last);
  }

  private static SshServer server(
      InetAddress address, int port, KeyPair client, DemoService service) {
    PublicKey clientKey = client.getPublic();
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost(address.getHostAddress());
    server.setPort(port);
    CoreModuleProperties.TCP_NODELAY.set(server, true);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(clientKey, key));
    server.setCommandFactory(
        (channel, command) ->
            DemoServiceCommand.handles(command)
                ? new DemoServiceCommand(command, service)
                : new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
    return server;
  }

  @Override
  public Inventory inventory() {
    return inventory;
  }

  /** The known_hosts file trusting exactly this fleet's host keys. */
  @Override
  public Optional<Path> knownHosts() {
    return Optional.of(knownHosts);
  }

  /** Starts every node's service at once, as a healthy cluster would be before a roll. */
  private void startServices() throws IOException {
    for (DemoService service : services) {
      try {
        service.start(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RollrunException("interrupted while starting the demo fleet");
      }
    }
  }

  @Override
  public void close() {
    for (SshServer server : servers) {
      try {
        server.stop(true);
      } catch (IOException e) {
        // stopping on exit: nothing more to do for a loopback demo server
      }
    }
    for (DemoService service : services) {
      try {
        service.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}

package dev.rollrun.core.demo;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.SourcePosition;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
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
 */
public final class DemoFleet implements AutoCloseable {

  private static final Pattern DEMO = Pattern.compile("demo:(\\d+)");
  static final int MAX_NODES = 20;

  private final List<SshServer> servers = new ArrayList<>();
  private final List<DemoService> services = new ArrayList<>();
  private final Path dir;
  private final Path knownHosts;
  private final Path identity;
  private final Inventory inventory;

  private DemoFleet(int nodes) throws IOException, GeneralSecurityException {
    dir = Files.createTempDirectory("rollrun-demo-");
    identity = dir.resolve("id_demo");
    knownHosts = dir.resolve("known_hosts");
    KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    try (OutputStream out = Files.newOutputStream(identity)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "rollrun demo", null, out);
    }
    Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
    StringBuilder known = new StringBuilder();
    List<Host> hosts = new ArrayList<>();
    Map<String, SourcePosition> positions = new LinkedHashMap<>();
    String user = System.getProperty("user.name");
    for (int i = 1; i <= nodes; i++) {
      DemoService service = new DemoService(DemoService.freePort());
      SshServer server = server(client.getPublic(), service);
      server.start();
      servers.add(server);
      services.add(service);
      PublicKey hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
      known
          .append("[127.0.0.1]:")
          .append(server.getPort())
          .append(' ')
          .append(PublicKeyEntry.toString(hostKey))
          .append('\n');
      String name = "demo-" + i;
      hosts.add(
          new Host(
              name,
              "127.0.0.1",
              server.getPort(),
              user,
              identity.toString(),
              List.of(i == nodes ? "primary" : "replica"),
              "rack-" + (1 + (i - 1) % 2),
              null,
              Map.of("service_port", service.port())));
      positions.put(name, SourcePosition.startOf("demo:" + nodes));
    }
    Files.writeString(knownHosts, known, StandardCharsets.UTF_8);
    inventory = new Inventory("demo:" + nodes, hosts, positions);
    startServices();
  }

  /** True when an inventory reference asks for the embedded demo fleet. */
  public static boolean isDemo(String inventoryReference) {
    return inventoryReference.strip().startsWith("demo:");
  }

  /**
   * Starts the fleet {@code demo:N} names.
   *
   * @throws IllegalArgumentException when the reference is not {@code demo:N} with N in 1..20
   */
  public static DemoFleet start(String inventoryReference) {
    Matcher m = DEMO.matcher(inventoryReference.strip());
    int n = m.matches() && m.group(1).length() < 4 ? Integer.parseInt(m.group(1)) : -1;
    if (n < 1 || n > MAX_NODES) {
      throw new IllegalArgumentException(
          "\"" + inventoryReference + "\": the demo fleet is demo:N with N from 1 to " + MAX_NODES);
    }
    try {
      return new DemoFleet(n);
    } catch (IOException | GeneralSecurityException e) {
      throw new RollrunException("cannot start the demo fleet: " + e.getMessage(), e);
    }
  }

  private static SshServer server(PublicKey clientKey, DemoService service) {
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.setPort(0);
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

  public Inventory inventory() {
    return inventory;
  }

  /** The known_hosts file trusting exactly this fleet's host keys. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** How many times node {@code i} (1-based) has been started during this process. */
  public int starts(int node) {
    return services.get(node - 1).starts();
  }

  public boolean running(int node) {
    return services.get(node - 1).running();
  }

  /** Starts every node's service at once, as a healthy cluster would be before a roll. */
  private void startServices() {
    for (DemoService service : services) {
      try {
        service.start(Duration.ZERO);
      } catch (IOException e) {
        throw new RollrunException("cannot start a demo service: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
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

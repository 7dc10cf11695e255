package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulated Consul ({@link ConsulSimulation}, datacenter {@code dc1}, an ACL token of its own)
 * and a PowerConsul-managed {@link ConsulPair} on hosts of an {@link SshdFleet}, for a whole test
 * class: register it as a static extension ordered after the fleet's, whose hosts it needs. The
 * token is also in a file, as a playbook's {@code token-file} names it.
 */
public final class ConsulTestBed implements BeforeAllCallback, AfterAllCallback {

  private final SshdFleet fleet;
  private final List<Integer> members;
  private final String token = "consul-token-" + UUID.randomUUID();
  private Path dir;
  private ConsulSimulation consul;
  private ConsulPair pair;

  private ConsulTestBed(SshdFleet fleet, List<Integer> members) {
    this.fleet = fleet;
    this.members = List.copyOf(members);
  }

  /** The pair on the fleet's hosts {@code members} (1 for h1), the first one the active. */
  public static ConsulTestBed on(SshdFleet fleet, Integer... members) {
    return new ConsulTestBed(fleet, List.of(members));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("rollrun-consul-");
    Files.writeString(tokenFile(), token + "\n");
    consul = ConsulSimulation.start("dc1", token);
    pair = ConsulPair.start(fleet, consul, token, members);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (pair != null) {
        pair.close();
      }
    } finally {
      if (consul != null) {
        consul.close();
      }
      Files.deleteIfExists(tokenFile());
      Files.deleteIfExists(dir);
    }
  }

  /** The ACL token: the simulation's, never to be shown by rollrun. */
  public String token() {
    return token;
  }

  /** A file holding the token. */
  public Path tokenFile() {
    return dir.resolve("consul.token");
  }

  public ConsulSimulation consul() {
    return consul;
  }

  public ConsulPair pair() {
    return pair;
  }
}

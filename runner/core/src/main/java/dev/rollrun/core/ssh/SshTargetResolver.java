package dev.rollrun.core.ssh;

import dev.rollrun.api.Host;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;

/**
 * Turns an inventory {@link Host} into an {@link SshTarget}, honouring the operator's {@code
 * ~/.ssh/config} ({@code Host} patterns, {@code HostName}, {@code User}, {@code Port}, {@code
 * IdentityFile}, {@code ProxyJump}) as parsed by MINA SSHD.
 *
 * <p>Precedence, as with {@code ssh -p PORT -i KEY user@address}: what the inventory sets wins over
 * the ssh config, which wins over the defaults (port 22, the local user name, and whichever of
 * {@code ~/.ssh/id_rsa}, {@code id_ecdsa}, {@code id_ed25519} exist). The inventory address is what
 * the config's {@code Host} patterns are matched against, so it may be an alias whose {@code
 * HostName} is the real address.
 *
 * <p>{@code ProxyJump a,b} is followed like OpenSSH does: {@code a} first (through its own
 * configured jumps, if any), then {@code b}, then the host; {@code ProxyJump none} disables it.
 */
public final class SshTargetResolver {

  private static final List<String> DEFAULT_IDENTITIES =
      List.of("id_rsa", "id_ecdsa", "id_ed25519");
  private static final int MAX_JUMPS = 10;

  private final Path configFile;
  private final Path home;
  private final Object loadLock = new Object();
  private Loaded loaded; // guarded by loadLock; set once

  /**
   * @param configFile the ssh client config; it need not exist
   * @param home the home directory that {@code ~} and {@code %d} stand for, and where the default
   *     keys are looked for
   */
  public SshTargetResolver(Path configFile, Path home) {
    this.configFile = configFile;
    this.home = home;
  }

  /** For the operator running this JVM: {@code ~/.ssh/config} under {@code user.home}. */
  public static SshTargetResolver forCurrentUser() {
    Path home = Path.of(System.getProperty("user.home"));
    return new SshTargetResolver(home.resolve(".ssh").resolve("config"), home);
  }

  /**
   * @throws SshConfigException when the ssh config cannot be read or its ProxyJump chain is wrong
   */
  public SshTarget resolve(Host host) {
    HostConfigEntry entry = lookup(host.name(), host.address(), host.port(), host.user());
    List<Path> identities =
        host.identity() != null && !host.identity().isBlank()
            ? List.of(expandHome(host.identity()))
            : identities(entry);
    List<SshTarget.Jump> jumps =
        jumps(host.name(), entry.getProxyJump(), new LinkedHashSet<>(List.of(host.address())));
    return new SshTarget(
        host.name(), entry.getHostName(), entry.getPort(), entry.getUsername(), identities, jumps);
  }

  private List<SshTarget.Jump> jumps(String hostName, String proxyJump, Set<String> visiting) {
    if (proxyJump == null || proxyJump.isBlank() || proxyJump.strip().equalsIgnoreCase("none")) {
      return List.of();
    }
    List<SshTarget.Jump> listed = new ArrayList<>();
    List<String> ownJumpsOfFirst = null;
    for (String hop : proxyJump.split(",")) {
      String h = hop.strip();
      URI uri;
      try {
        uri = new URI(h.contains("://") ? h : "ssh://" + h);
      } catch (URISyntaxException e) {
        throw new SshConfigException(
            hostName, configFile, "cannot parse ProxyJump \"" + proxyJump + "\"", e);
      }
      if (h.isEmpty() || uri.getHost() == null || !"ssh".equals(uri.getScheme())) {
        throw new SshConfigException(
            hostName, configFile, "cannot parse ProxyJump \"" + proxyJump + "\"", null);
      }
      HostConfigEntry entry =
          lookup(hostName, uri.getHost(), Math.max(uri.getPort(), 0), uri.getUserInfo());
      if (listed.isEmpty() && entry.getProxyJump() != null) {
        ownJumpsOfFirst = List.of(entry.getProxyJump(), uri.getHost());
      }
      listed.add(
          new SshTarget.Jump(
              uri.getHost(),
              entry.getHostName(),
              entry.getPort(),
              entry.getUsername(),
              identities(entry)));
    }
    List<SshTarget.Jump> chain = new ArrayList<>();
    if (ownJumpsOfFirst != null) {
      String first = ownJumpsOfFirst.get(1);
      if (!visiting.add(first)) {
        throw new SshConfigException(
            hostName, configFile, "ProxyJump loops back to " + first, null);
      }
      chain.addAll(jumps(hostName, ownJumpsOfFirst.get(0), visiting));
    }
    chain.addAll(listed);
    if (chain.size() > MAX_JUMPS) {
      throw new SshConfigException(
          hostName, configFile, "more than " + MAX_JUMPS + " ProxyJump hops", null);
    }
    return List.copyOf(chain);
  }

  private HostConfigEntry lookup(String hostName, String address, int port, String user) {
    HostConfigEntry entry;
    try {
      entry = config().resolveEffectiveHost(address, port, null, user, null, null);
    } catch (IOException | RuntimeException e) {
      throw new SshConfigException(hostName, configFile, "cannot read: " + e.getMessage(), e);
    }
    if (entry == null) {
      entry =
          new HostConfigEntry(
              address,
              address,
              port > 0 ? port : 22,
              user != null ? user : System.getProperty("user.name"));
    }
    return entry;
  }

  private List<Path> identities(HostConfigEntry entry) {
    Collection<String> configured = entry.getIdentities();
    if (configured != null && !configured.isEmpty()) {
      return configured.stream().map(this::expandHome).distinct().toList();
    }
    return DEFAULT_IDENTITIES.stream()
        .map(name -> home.resolve(".ssh").resolve(name))
        .filter(Files::isRegularFile)
        .toList();
  }

  private Path expandHome(String path) {
    if (path.equals("~")) {
      return home;
    }
    if (path.startsWith("~/")) {
      return home.resolve(path.substring(2));
    }
    return Path.of(path);
  }

  /**
   * The config's entries, read once for the life of this resolver: every host of a run sees the
   * same config however many are resolved at once. (MINA's {@code ConfigFileHostEntryResolver}
   * clears its entries before re-reading the file and hands out "no entry" to concurrent lookups
   * meanwhile, so a host could silently be reached at its inventory address instead of its {@code
   * HostName}.)
   */
  private HostConfigEntryResolver config() throws IOException {
    Loaded config;
    synchronized (loadLock) {
      if (loaded == null) {
        loaded = load();
      }
      config = loaded;
    }
    if (config.failure() != null) {
      throw config.failure();
    }
    return config.entries();
  }

  private Loaded load() {
    if (!Files.exists(configFile)) {
      return new Loaded(HostConfigEntryResolver.EMPTY, null);
    }
    try {
      List<HostConfigEntry> entries = HostConfigEntry.readHostConfigEntries(configFile);
      for (HostConfigEntry entry : entries) {
        Collection<String> ids = entry.getIdentities();
        if (ids != null && !ids.isEmpty()) {
          entry.setIdentities(ids.stream().map(this::withHome).toList());
        }
      }
      return new Loaded(HostConfigEntry.toHostConfigEntryResolver(List.copyOf(entries)), null);
    } catch (IOException e) {
      return new Loaded(null, e);
    } catch (RuntimeException e) {
      return new Loaded(null, new IOException(e.getMessage(), e));
    }
  }

  /** {@code ~} and {@code %d} in {@code IdentityFile} mean the injected home directory. */
  private String withHome(String id) {
    String h = home.toString();
    if (id.equals("~") || id.equals("%d")) {
      return h;
    }
    if (id.startsWith("~/")) {
      return h + id.substring(1);
    }
    if (id.startsWith("%d/")) {
      return h + id.substring(2);
    }
    return id;
  }

  /** The parsed config, or why it could not be read. Never changed once made. */
  private record Loaded(HostConfigEntryResolver entries, IOException failure) {}
}

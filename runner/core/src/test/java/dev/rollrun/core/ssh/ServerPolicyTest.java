package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The known_hosts settings of ssh_config ({@code UserKnownHostsFile}, {@code GlobalKnownHostsFile},
 * {@code HostKeyAlias}, {@code StrictHostKeyChecking}, {@code HashKnownHosts}) as a connection to a
 * real SSH server meets them.
 */
class ServerPolicyTest {

  @TempDir static Path shared;

  static InProcessSshServer server;
  static Path key;

  @BeforeAll
  static void startServer() throws Exception {
    key = Shell.keygen(shared.resolve("keys/id_ed25519"));
    server = InProcessSshServer.start().authorize(Shell.pub(key));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @TempDir Path home;

  private final List<String> warnings = new ArrayList<>();

  private SshTarget configured(String settings) throws Exception {
    Path config = Files.createDirectories(home.resolve(".ssh")).resolve("config");
    Files.writeString(
        config,
        "Host web-1\n  HostName 127.0.0.1\n  Port "
            + server.port()
            + "\n  User deploy\n  IdentityFile "
            + key
            + "\n"
            + settings);
    return new SshTargetResolver(config, home)
        .resolve(new Host("web-1", "web-1", 0, null, null, List.of(), null, null, Map.of()));
  }

  private SshSessionPool pool() {
    return new SshSessionPool(SshSettings.defaults(home, null), warnings::add);
  }

  private static String run(SshSessionPool pool, SshTarget target) {
    return String.join(
        "\n", pool.run(target, RemoteCommand.of("echo in"), OutputListener.NONE).stdoutTail());
  }

  @Test
  void userKnownHostsFileOfTheConfigIsWhereTheKeyIsLookedUp() throws Exception {
    Files.writeString(home.resolve("cluster_hosts"), server.knownHostsLine() + "\n");
    try (SshSessionPool pool = pool()) {
      assertEquals("in", run(pool, configured("  UserKnownHostsFile ~/cluster_hosts\n")));
      // the default file does not have the key: without the setting the host is unknown
      assertThrows(HostKeyRejectedException.class, () -> run(pool, configured("")));
    }
  }

  @Test
  void globalKnownHostsFileIsReadButNeverWritten() throws Exception {
    Path global = home.resolve("ssh_known_hosts");
    Files.writeString(global, server.knownHostsLine() + "\n");
    try (SshSessionPool pool = pool()) {
      assertEquals("in", run(pool, configured("  GlobalKnownHostsFile " + global + "\n")));
    }
    assertEquals(server.knownHostsLine() + "\n", Files.readString(global));
  }

  @Test
  void hostKeyAliasIsTheNameTheKeyIsLookedUpUnder() throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(
        home.resolve(".ssh/known_hosts"),
        "web-cluster " + PublicKeyEntry.toString(server.hostKey()) + "\n");
    try (SshSessionPool pool = pool()) {
      assertEquals("in", run(pool, configured("  HostKeyAlias Web-Cluster\n")));
      HostKeyRejectedException e =
          assertThrows(HostKeyRejectedException.class, () -> run(pool, configured("")));
      assertEquals(HostKeyRejectedException.Reason.UNKNOWN, e.reason());
    }
  }

  @Test
  void acceptNewOfTheConfigRecordsTheKeyHashedWhenHashKnownHostsSaysSo() throws Exception {
    String settings =
        "  StrictHostKeyChecking accept-new\n  HashKnownHosts yes\n"
            + "  UserKnownHostsFile ~/recorded_hosts\n";
    try (SshSessionPool pool = pool()) {
      assertEquals("in", run(pool, configured(settings)));
    }
    List<String> recorded = Files.readAllLines(home.resolve("recorded_hosts"));
    assertEquals(1, recorded.size());
    assertTrue(recorded.get(0).startsWith("|1|"), recorded.get(0));
    assertEquals(1, warnings.size(), warnings.toString());
    // the hashed line is found again: the next run connects strictly, without recording anything
    warnings.clear();
    try (SshSessionPool pool = pool()) {
      assertEquals("in", run(pool, configured("  UserKnownHostsFile ~/recorded_hosts\n")));
    }
    assertEquals(List.of(), warnings);
  }

  @Test
  void strictHostKeyCheckingNoIsNotHonouredAndTheRefusalSaysSo() throws Exception {
    try (SshSessionPool pool = pool()) {
      SshTarget lax = configured("  StrictHostKeyChecking no\n");
      HostKeyRejectedException e =
          assertThrows(HostKeyRejectedException.class, () -> run(pool, lax));
      assertTrue(
          e.getMessage()
              .contains(
                  "~/.ssh/config:6 sets StrictHostKeyChecking no, which rollrun does not honour:"
                      + " it always checks host keys"),
          e.getMessage());
    }
    assertEquals(false, Files.exists(home.resolve(".ssh/known_hosts")));
  }
}

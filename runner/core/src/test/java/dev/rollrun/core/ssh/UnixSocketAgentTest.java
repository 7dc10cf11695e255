package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys held by a real OpenSSH ssh-agent, reached over its Unix socket. */
class UnixSocketAgentTest {

  @TempDir Path dir;

  private Process agent;
  private Path socket;
  private InProcessSshServer server;
  private Path home;

  @BeforeEach
  void startAgent() throws Exception {
    socket = dir.resolve("agent.sock");
    agent =
        new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
            .redirectErrorStream(true)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(socket) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(socket), "ssh-agent did not start");
    server = InProcessSshServer.start();
    home = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine() + "\n");
  }

  @AfterEach
  void stopAgent() throws Exception {
    server.close();
    agent.destroy();
    agent.waitFor(5, TimeUnit.SECONDS);
  }

  private Path keyInAgent(String name) throws Exception {
    Path key = Shell.keygen(dir.resolve("keys").resolve(name));
    Shell.run(Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", "-q", key.toString());
    return key;
  }

  private static PublicKey publicKey(Path key) throws Exception {
    return PublicKeyEntry.parsePublicKeyEntry(Files.readString(Shell.pub(key)).strip())
        .resolvePublicKey(null, null, null);
  }

  private SshTarget withoutKeyFiles() {
    return SshTarget.direct("web-1", "127.0.0.1", server.port(), "deploy", List.of());
  }

  @Test
  void agentListsTheKeysAddedToIt() throws Exception {
    Path key = keyInAgent("id_ed25519");
    try (UnixSocketAgent client = new UnixSocketAgent(socket, null)) {
      List<PublicKey> keys = new ArrayList<>();
      client.getIdentities().forEach(e -> keys.add(e.getKey()));
      assertEquals(1, keys.size());
      assertTrue(KeyUtils.compareKeys(publicKey(key), keys.get(0)));
    }
  }

  @Test
  void agentKeyLogsInWithoutAnyKeyFile() throws Exception {
    server.authorize(Shell.pub(keyInAgent("id_ed25519")));
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, socket))) {
      CommandResult result =
          pool.run(withoutKeyFiles(), RemoteCommand.of("echo in"), OutputListener.NONE);
      assertEquals(List.of("in"), result.stdoutTail());
      assertEquals(List.of("deploy"), server.users());
    }
  }

  @Test
  void refusedAgentKeyIsNamedInTheFailure() throws Exception {
    Path key = keyInAgent("id_ed25519");
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, socket))) {
      SshAuthenticationException e =
          assertThrows(
              SshAuthenticationException.class,
              () -> pool.run(withoutKeyFiles(), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(
          List.of(
              "ssh-agent key (ED25519 "
                  + KeyUtils.getFingerPrint(publicKey(key))
                  + " test@rollrun)"),
          e.triedKeys());
    }
  }

  @Test
  void missingAgentSocketIsReportedInTheFailure() throws Exception {
    Path gone = dir.resolve("gone.sock");
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, gone))) {
      SshAuthenticationException e =
          assertThrows(
              SshAuthenticationException.class,
              () -> pool.run(withoutKeyFiles(), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(
          "web-1 (127.0.0.1:"
              + server.port()
              + "): authentication as deploy failed; no key was offered; not used: ssh-agent at "
              + gone
              + " (no such socket)",
          e.getMessage());
    }
  }
}

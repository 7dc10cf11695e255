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

  /** A target for the test server, from an ssh_config as an operator writes it. */
  private SshTarget configured(String settings) throws Exception {
    Path config = home.resolve(".ssh/config");
    Files.writeString(
        config,
        "Host web-1\n  HostName 127.0.0.1\n  Port "
            + server.port()
            + "\n  User deploy\n"
            + settings);
    return new SshTargetResolver(config, home)
        .resolve(
            new dev.rollrun.api.Host(
                "web-1", "web-1", 0, null, null, List.of(), null, null, Map.of()));
  }

  @Test
  void identitiesOnlyKeepsAnAgentKeyTheConfigDoesNotNameFromBeingOffered() throws Exception {
    Path agentKey = keyInAgent("id_agent");
    server.authorize(Shell.pub(agentKey));
    Path fileKey = Shell.keygen(dir.resolve("keys/id_file"));
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, socket))) {
      SshTarget only = configured("  IdentitiesOnly yes\n  IdentityFile " + fileKey + "\n");
      SshAuthenticationException e =
          assertThrows(
              SshAuthenticationException.class,
              () -> pool.run(only, RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(
          List.of(fileKey + " (ED25519 " + KeyUtils.getFingerPrint(publicKey(fileKey)) + ")"),
          e.triedKeys());
      assertEquals(List.of(), server.users(), "the agent's key must not have been offered");
    }
    // without IdentitiesOnly the agent's key is offered, as ssh offers it
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, socket))) {
      SshTarget any = configured("  IdentityFile " + fileKey + "\n");
      assertEquals(0, pool.run(any, RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
  }

  @Test
  void identitiesOnlyStillUsesTheAgentForAConfiguredKeyBehindAPassphrase() throws Exception {
    Path locked = Shell.keygen(dir.resolve("keys/id_locked"), "ed25519", "secret phrase");
    Path askpass = Shell.script(dir, "askpass", "echo 'secret phrase'");
    Shell.run(
        Map.of(
            "SSH_AUTH_SOCK",
            socket.toString(),
            "SSH_ASKPASS",
            askpass.toString(),
            "SSH_ASKPASS_REQUIRE",
            "force",
            "DISPLAY",
            ":0"),
        "ssh-add",
        "-q",
        locked.toString());
    server.authorize(Shell.pub(locked));
    keyInAgent("id_other");
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, socket))) {
      SshTarget only = configured("  IdentitiesOnly yes\n  IdentityFile " + locked + "\n");
      assertEquals(0, pool.run(only, RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
  }

  @Test
  void identityAgentNoneOffersNoAgentKey() throws Exception {
    server.authorize(Shell.pub(keyInAgent("id_ed25519")));
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, socket))) {
      SshAuthenticationException e =
          assertThrows(
              SshAuthenticationException.class,
              () ->
                  pool.run(
                      configured("  IdentityAgent none\n"),
                      RemoteCommand.of("true"),
                      OutputListener.NONE));
      assertTrue(e.getMessage().contains("no ssh-agent (IdentityAgent none)"), e.getMessage());
    }
  }

  @Test
  void identityAgentSocketIsAskedInsteadOfSshAuthSock() throws Exception {
    server.authorize(Shell.pub(keyInAgent("id_ed25519")));
    Path gone = dir.resolve("gone.sock");
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, gone))) {
      SshTarget t = configured("  IdentityAgent " + socket + "\n");
      assertEquals(0, pool.run(t, RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
  }
}

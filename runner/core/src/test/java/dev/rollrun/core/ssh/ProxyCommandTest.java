package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections through a {@code ProxyCommand}: rollrun runs the command and speaks SSH over its
 * standard input and output, never connecting directly instead.
 */
class ProxyCommandTest {

  @TempDir static Path shared;

  static InProcessSshServer target;
  static InProcessSshServer bastion;
  static Path key;

  @BeforeAll
  static void startServers() throws Exception {
    key = Shell.keygen(shared.resolve("keys/id_ed25519"));
    target = InProcessSshServer.start().authorize(Shell.pub(key));
    bastion = InProcessSshServer.start().authorize(Shell.pub(key));
  }

  @AfterAll
  static void stopServers() throws Exception {
    target.close();
    bastion.close();
  }

  @TempDir Path home;

  private SshTarget configured(String hostName, String proxyCommand) throws Exception {
    Path config = Files.createDirectories(home.resolve(".ssh")).resolve("config");
    Files.writeString(
        config,
        "Host web-1\n  HostName "
            + hostName
            + "\n  Port "
            + target.port()
            + "\n  User deploy\n  IdentityFile "
            + key
            + "\n  ProxyCommand "
            + proxyCommand
            + "\n");
    return new SshTargetResolver(config, home)
        .resolve(new Host("web-1", "web-1", 0, null, null, List.of(), null, null, Map.of()));
  }

  private SshSessionPool pool() throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(
        home.resolve(".ssh/known_hosts"),
        target.knownHostsLine() + "\n" + bastion.knownHostsLine() + "\n");
    return new SshSessionPool(SshSettings.defaults(home, null));
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current()
        .descendants()
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  @Test
  void commandsRunThroughTheProxyCommandsStandardInputAndOutput() throws Exception {
    Set<Long> before = descendants();
    // A relay that only the shell provides: were rollrun to connect directly to "unreachable",
    // the name would not even resolve.
    SshTarget t =
        configured(
            "unreachable.invalid",
            "bash -c 'exec 3<>/dev/tcp/127.0.0.1/%p; cat <&3 & exec cat >&3'");
    try (SshSessionPool pool = pool()) {
      // the key is checked under the name ssh would check it under
      Files.writeString(
          home.resolve(".ssh/known_hosts"),
          "[unreachable.invalid]:"
              + target.port()
              + " "
              + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(target.hostKey())
              + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      CommandResult first = pool.run(t, RemoteCommand.of("echo through"), OutputListener.NONE);
      CommandResult second = pool.run(t, RemoteCommand.of("echo again"), OutputListener.NONE);
      assertEquals(List.of("through"), first.stdoutTail());
      assertEquals(List.of("again"), second.stdoutTail());
    }
    assertEquals(List.of("deploy"), target.users());
    // closing the pool ends the command and what it started
    long deadline = System.nanoTime() + 5_000_000_000L;
    Set<Long> left = descendants();
    left.removeAll(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = descendants();
      left.removeAll(before);
    }
    assertEquals(Set.of(), left, "processes left behind by the ProxyCommand");
  }

  @Test
  void opensshClientAsProxyCommandReachesTheHostThroughABastion() throws Exception {
    Path bastionKnownHosts = home.resolve("bastion_known_hosts");
    Files.writeString(bastionKnownHosts, bastion.knownHostsLine() + "\n");
    SshTarget t =
        configured(
            "127.0.0.1",
            "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="
                + bastionKnownHosts
                + " -i "
                + key
                + " -p "
                + bastion.port()
                + " -W %h:%p jumper@127.0.0.1");
    try (SshSessionPool pool = pool()) {
      CommandResult result = pool.run(t, RemoteCommand.of("echo behind"), OutputListener.NONE);
      assertEquals(List.of("behind"), result.stdoutTail());
    }
    assertTrue(
        bastion.forwards().contains("127.0.0.1:" + target.port()), bastion.forwards().toString());
    assertTrue(bastion.users().contains("jumper"), bastion.users().toString());
  }

  @Test
  void failingProxyCommandIsReportedWithWhatItSaid() throws Exception {
    SshTarget t = configured("10.0.0.5", "sh -c 'echo \"cannot reach %h\" >&2; exit 3'");
    try (SshSessionPool pool = pool()) {
      SshConnectException e =
          assertThrows(
              SshConnectException.class,
              () -> pool.run(t, RemoteCommand.of("true"), OutputListener.NONE));
      assertTrue(
          e.getMessage()
              .contains(
                  "ProxyCommand (~/.ssh/config:6) exited with status 3: cannot reach 10.0.0.5"),
          e.getMessage());
    }
  }
}

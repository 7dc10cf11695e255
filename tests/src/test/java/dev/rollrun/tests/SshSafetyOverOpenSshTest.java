package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import dev.rollrun.core.ssh.HostKeyRejectedException;
import dev.rollrun.core.ssh.ProcessList;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.tests.fleet.SshdFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH layer against real OpenSSH hosts: secrets never in a process list, host keys never
 * accepted when they changed, accept-new recording every host of a parallel connect.
 */
class SshSafetyOverOpenSshTest {

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(10).build();

  @TempDir Path home;

  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

  private SshShell shell(SshSettings settings) {
    return new SshShell(
        settings, new SshTargetResolver(home.resolve(".ssh/config"), home), warnings::add);
  }

  private static Host host(int i) {
    return new Host(
        fleet.name(i),
        fleet.address(i),
        fleet.port(i),
        fleet.user(),
        fleet.privateKey().toString(),
        List.of(),
        null,
        null,
        Map.of());
  }

  @Test
  void secretOfARemoteCommandIsInNoProcessListOfTheHost() throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID().toString().substring(0, 8);
    ShellCommand command =
        new ShellCommand(
            "TOKEN='" + secret + "'; sleep 1; cat; echo \"token=$TOKEN on $HOST_ID\"",
            "TOKEN='<secret:token>'; sleep 1; cat; echo \"token=$TOKEN on $HOST_ID\"",
            false,
            null);
    try (SshShell shell =
        shell(SshSettings.defaults(home, null).withExtraKnownHosts(fleet.knownHosts()))) {
      ShellResult[] result = new ShellResult[1];
      // The fleet's sshd and what it runs are processes of this machine: /proc shows them.
      Set<String> seen =
          ProcessList.watchWhile(
              secret, () -> result[0] = shell.run(host(1), command, Shell.LineListener.NONE));
      assertEquals(0, result[0].exitCode());
      assertEquals("token=" + secret + " on h1", result[0].stdout());
      assertEquals(Set.of(), seen, "processes showed the secret in their arguments");
    }
  }

  @Test
  void changedHostKeyIsRefusedWithAcceptNewDespiteAMalformedLine() throws Exception {
    Path knownHosts = Files.createDirectories(home.resolve(".ssh")).resolve("known_hosts");
    String before = "bogus line\n" + Files.readString(fleet.knownHosts());
    Files.writeString(knownHosts, before);
    fleet.rotateHostKey(2);
    try (SshShell shell = shell(SshSettings.defaults(home, null).withAcceptNewHostKeys(true))) {
      HostKeyRejectedException e =
          assertThrows(HostKeyRejectedException.class, () -> shell.connect(host(2)));
      assertEquals(HostKeyRejectedException.Reason.CHANGED, e.reason());
      assertEquals(3, e.line());
      // the rest of the file still counts: h1 is known
      assertTrue(shell.connect(host(1)).endsWith("@" + fleet.address(1) + ":" + fleet.port(1)));
    } finally {
      fleet.trustCurrentHostKeys();
    }
    assertEquals(before, Files.readString(knownHosts), "nothing may be recorded");
    assertEquals(
        List.of(
            "~/.ssh/known_hosts:1: skipped a malformed line \"bogus line\": a line needs host"
                + " patterns, a key type and a base64 key"),
        warnings);
  }

  @Test
  void acceptNewRecordsEveryHostOfAParallelConnect() throws Exception {
    for (int round = 0; round < 3; round++) {
      Files.deleteIfExists(home.resolve(".ssh/known_hosts"));
      warnings.clear();
      try (SshShell shell = shell(SshSettings.defaults(home, null).withAcceptNewHostKeys(true))) {
        List<CompletableFuture<String>> connecting = new ArrayList<>();
        for (int i = 1; i <= fleet.size(); i++) {
          Host h = host(i);
          connecting.add(CompletableFuture.supplyAsync(() -> shell.connect(h)));
        }
        for (CompletableFuture<String> c : connecting) {
          c.get(60, TimeUnit.SECONDS);
        }
      }
      assertEquals(fleet.size(), warnings.size(), warnings.toString());
      List<String> recorded =
          Files.readAllLines(home.resolve(".ssh/known_hosts")).stream().sorted().toList();
      List<String> expected =
          Files.readAllLines(fleet.knownHosts()).stream().map(String::strip).sorted().toList();
      assertEquals(expected, recorded, "round " + round);
    }
  }
}

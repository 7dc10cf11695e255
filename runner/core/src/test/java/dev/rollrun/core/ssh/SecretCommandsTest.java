package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.shell.Shell.LineListener;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that holds a secret runs like any other, but the secret is never on a command line: not
 * in what the SSH server is asked to run, not in any process's arguments (local or remote), not in
 * a message.
 */
class SecretCommandsTest {

  @TempDir static Path shared;
  static Path key;

  @BeforeAll
  static void key() throws Exception {
    key = Shell.keygen(shared.resolve("keys/id_ed25519"));
  }

  @TempDir Path home;

  private final String secret = "s3cr3t-" + UUID.randomUUID().toString().substring(0, 8);

  /** {@code TOKEN='<secret>'; <rest>}, shown with the secret as a placeholder. */
  private ShellCommand withToken(String rest, boolean sudo, Duration timeout) {
    return new ShellCommand(
        "TOKEN='" + secret + "'; " + rest, "TOKEN='<secret:token>'; " + rest, sudo, timeout);
  }

  private SshShell shellFor(InProcessSshServer server) throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine() + "\n");
    return new SshShell(
        SshSettings.defaults(home, null), new SshTargetResolver(home.resolve(".ssh/config"), home));
  }

  private static Host host(InProcessSshServer server) {
    return new Host(
        "web-1",
        "127.0.0.1",
        server.port(),
        "deploy",
        key.toString(),
        List.of(),
        null,
        null,
        Map.of());
  }

  @Test
  void remoteSecretTravelsOnTheChannelNotOnTheCommandLine() throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try (InProcessSshServer server = InProcessSshServer.start().authorize(Shell.pub(key));
        SshShell shell = shellFor(server)) {
      ShellResult[] result = new ShellResult[1];
      Set<String> seen =
          ProcessList.watchWhile(
              secret,
              () ->
                  result[0] =
                      shell.run(
                          host(server),
                          withToken(
                              "sleep 1; cat; echo \"token=$TOKEN\"; echo oops >&2; exit 3",
                              false,
                              null),
                          (stderr, line) -> lines.add((stderr ? "err:" : "out:") + line)));
      assertEquals(3, result[0].exitCode());
      assertEquals("token=" + secret, result[0].stdout(), "the script ran with its secret");
      assertEquals(List.of("err:oops", "out:token=" + secret), lines.stream().sorted().toList());
      assertEquals(1, server.commands().size(), server.commands().toString());
      assertFalse(server.commands().get(0).contains(secret), server.commands().get(0));
      assertEquals(Set.of(), seen, "processes showed the secret in their arguments");
    }
  }

  @Test
  void remoteSecretWithSudoReachesTheScriptOnly() throws Exception {
    Path bin = home.resolve("bin");
    Path sudoArgs = home.resolve("sudo.args");
    // A sudo that accepts: records its arguments, drops -n and runs the rest.
    Shell.script(
        bin,
        "sudo",
        "printf '%s\\n' \"$*\" >> "
            + sudoArgs
            + "\n[ \"$1\" = -n ] || exit 99\nshift\nexec \"$@\"");
    try (InProcessSshServer server =
            InProcessSshServer.start().authorize(Shell.pub(key)).withPathPrefix(bin);
        SshShell shell = shellFor(server)) {
      ShellResult result =
          shell.run(
              host(server),
              withToken("echo \"root has ${#TOKEN} chars\"; exit 4", true, null),
              LineListener.NONE);
      assertEquals(4, result.exitCode());
      assertEquals("root has " + secret.length() + " chars", result.stdout());
      String args = Files.readString(sudoArgs);
      assertTrue(args.startsWith("-n sh -c "), args);
      assertFalse(args.contains(secret), args);
      assertFalse(server.commands().get(0).contains(secret), server.commands().get(0));
    }
  }

  @Test
  void remoteSecretCommandIsStoppedAtItsTimeoutAndTheMessageShowsNoSecret() throws Exception {
    try (InProcessSshServer server = InProcessSshServer.start().authorize(Shell.pub(key));
        SshShell shell = shellFor(server)) {
      CommandTimeoutException e =
          assertThrows(
              CommandTimeoutException.class,
              () ->
                  shell.run(
                      host(server),
                      withToken("sleep 30", false, Duration.ofSeconds(1)),
                      LineListener.NONE));
      assertEquals(
          "web-1: \"TOKEN='<secret:token>'; sleep 30\" did not finish within 1s and was stopped"
              + " (TERM, then KILL after 5s)",
          e.getMessage());
      assertFalse(e.command().contains(secret));
    }
  }

  @Test
  void sudoRefusalOfASecretCommandShowsNoSecret() throws Exception {
    Path bin = home.resolve("bin");
    Shell.script(bin, "sudo", "echo 'sudo: a password is required' >&2\nexit 1");
    try (InProcessSshServer server =
            InProcessSshServer.start().authorize(Shell.pub(key)).withPathPrefix(bin);
        SshShell shell = shellFor(server)) {
      SudoPasswordRequiredException e =
          assertThrows(
              SudoPasswordRequiredException.class,
              () ->
                  shell.run(
                      host(server),
                      withToken("systemctl restart kafka", true, null),
                      LineListener.NONE));
      assertFalse(e.getMessage().contains(secret), e.getMessage());
      assertTrue(e.getMessage().contains("\"TOKEN='<secret:token>'; systemctl restart"));
    }
  }

  @Test
  void localSecretNeverShowsInTheProcessList() throws Exception {
    try (SshShell shell =
        new SshShell(
            SshSettings.defaults(home, null),
            new SshTargetResolver(home.resolve(".ssh/config"), home))) {
      ShellResult[] result = new ShellResult[1];
      Set<String> seen =
          ProcessList.watchWhile(
              secret,
              () ->
                  result[0] =
                      shell.run(
                          null,
                          withToken("sleep 1; cat; echo \"token=$TOKEN\"; exit 5", false, null),
                          LineListener.NONE));
      assertEquals(5, result[0].exitCode());
      assertEquals("token=" + secret, result[0].stdout());
      assertEquals(Set.of(), seen, "processes showed the secret in their arguments");
    }
  }
}

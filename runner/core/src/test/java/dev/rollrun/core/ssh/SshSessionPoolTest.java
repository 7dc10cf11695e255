package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH layer against a real SSH server (MINA's, in this JVM), as an operator would meet it. */
class SshSessionPoolTest {

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

  private Path knownHosts() {
    return home.resolve(".ssh/known_hosts");
  }

  private SshSettings trusting(InProcessSshServer... servers) throws Exception {
    Files.createDirectories(knownHosts().getParent());
    StringBuilder lines = new StringBuilder();
    for (InProcessSshServer s : servers) {
      lines.append(s.knownHostsLine()).append('\n');
    }
    Files.writeString(knownHosts(), lines);
    return SshSettings.defaults(home, null);
  }

  private static SshTarget target(InProcessSshServer s, Path... keys) {
    return SshTarget.direct("web-1", "127.0.0.1", s.port(), "deploy", List.of(keys));
  }

  private static String fingerprint(InProcessSshServer s) {
    return KeyUtils.getFingerPrint(s.hostKey());
  }

  @Test
  void commandReportsExitCodeAndStreamsEveryLine() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (SshSessionPool pool = new SshSessionPool(trusting(server))) {
      CommandResult result =
          pool.run(
              target(server, key),
              RemoteCommand.of("echo a; echo b >&2; exit 3"),
              (stream, line) -> seen.add(stream + ":" + line));
      assertEquals(3, result.exitCode());
      assertFalse(result.succeeded());
      assertEquals(List.of("a"), result.stdoutTail());
      assertEquals(List.of("b"), result.stderrTail());
      assertEquals(List.of("STDERR:b", "STDOUT:a"), seen.stream().sorted().toList());
    }
  }

  @Test
  void outputKeepsOnlyTheLastLinesButStreamsThemAll() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (SshSessionPool pool = new SshSessionPool(trusting(server).withOutputTailLines(3))) {
      CommandResult result =
          pool.run(
              target(server, key),
              RemoteCommand.of("for i in 1 2 3 4 5 6 7 8 9 10; do echo line$i; done; printf end"),
              (stream, line) -> seen.add(line));
      assertEquals(List.of("line9", "line10", "end"), result.stdoutTail());
      assertEquals(11, seen.size());
    }
  }

  @Test
  void commandWithQuotesAndSeveralLinesRunsAsWritten() throws Exception {
    try (SshSessionPool pool = new SshSessionPool(trusting(server))) {
      CommandResult result =
          pool.run(
              target(server, key),
              RemoteCommand.of("x=\"it's\"\nprintf '%s|%s\\n' \"$x\" '$HOME'"),
              OutputListener.NONE);
      assertEquals(0, result.exitCode());
      assertEquals(List.of("it's|$HOME"), result.stdoutTail());
    }
  }

  @Test
  void aHostThatNeverLetsACommandStartIsSaidInWordsAndNothingRuns() throws Exception {
    try (InProcessSshServer own = InProcessSshServer.start().authorize(Shell.pub(key));
        SshSessionPool pool =
            new SshSessionPool(trusting(own).withConnectTimeout(Duration.ofSeconds(1)))) {
      assertEquals(
          0, pool.run(target(own, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
      own.ignoreChannelOpens();
      SshConnectException e =
          assertThrows(
              SshConnectException.class,
              () ->
                  pool.run(target(own, key), RemoteCommand.of("echo never"), OutputListener.NONE));
      assertEquals(
          "web-1 (127.0.0.1:"
              + own.port()
              + "): connected, but cannot start a command: no answer from the host within 1s",
          e.getMessage());
      assertEquals(1, own.commands().size(), "only the first command reached the host");
    }
  }

  @Test
  void allCommandsForAHostShareOneConnection() throws Exception {
    try (InProcessSshServer own = InProcessSshServer.start().authorize(Shell.pub(key));
        SshSessionPool pool = new SshSessionPool(trusting(own))) {
      for (int i = 0; i < 5; i++) {
        assertEquals(
            0,
            pool.run(target(own, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
      }
      List<CompletableFuture<CommandResult>> parallel = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        parallel.add(
            CompletableFuture.supplyAsync(
                () ->
                    pool.run(
                        target(own, key), RemoteCommand.of("sleep 0.2"), OutputListener.NONE)));
      }
      for (CompletableFuture<CommandResult> f : parallel) {
        assertEquals(0, f.get(10, TimeUnit.SECONDS).exitCode());
      }
      assertEquals(1, own.sessionsOpened());
    }
  }

  @Test
  void reusedSessionRunsACommandInMilliseconds() throws Exception {
    try (SshSessionPool pool = new SshSessionPool(trusting(server))) {
      SshTarget web1 = target(server, key);
      pool.run(web1, RemoteCommand.of("true"), OutputListener.NONE); // opens the session
      int n = 30;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        pool.run(web1, RemoteCommand.of("true"), OutputListener.NONE);
      }
      double perCommandMs = (System.nanoTime() - start) / 1e6 / n;
      System.out.printf("per-command latency on a reused session: %.1f ms%n", perCommandMs);
      assertTrue(perCommandMs < 250, "a command took " + perCommandMs + " ms on average");
    }
  }

  @Test
  void unknownHostKeyIsRefusedWithItsFingerprintAndHowToAddIt() throws Exception {
    SshSettings settings = SshSettings.defaults(home, null);
    try (SshSessionPool pool = new SshSessionPool(settings)) {
      HostKeyRejectedException e =
          assertThrows(
              HostKeyRejectedException.class,
              () -> pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(HostKeyRejectedException.Reason.UNKNOWN, e.reason());
      assertEquals("web-1", e.host());
      assertEquals(
          "web-1 (127.0.0.1:"
              + server.port()
              + "): unknown host key ED25519 "
              + fingerprint(server)
              + "; check it, then add it with: ssh-keyscan -p "
              + server.port()
              + " -t ed25519 127.0.0.1 >> ~/.ssh/known_hosts, or run with --accept-new-host-keys",
          e.getMessage());
      assertFalse(Files.exists(knownHosts()), "nothing may be written without accept-new");
    }
  }

  @Test
  void changedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
    Files.createDirectories(knownHosts().getParent());
    try (InProcessSshServer impostor = InProcessSshServer.start(InProcessSshServer.newHostKey())) {
      impostor.authorize(Shell.pub(key));
      // The operator knows the real server's key, but the impostor answers on that address.
      String line = server.knownHostsLine().replace(":" + server.port(), ":" + impostor.port());
      String before = "# hosts of the kafka cluster\n" + line + "\n";
      Files.writeString(knownHosts(), before);
      SshSettings settings = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
      try (SshSessionPool pool = new SshSessionPool(settings)) {
        HostKeyRejectedException e =
            assertThrows(
                HostKeyRejectedException.class,
                () ->
                    pool.run(target(impostor, key), RemoteCommand.of("true"), OutputListener.NONE));
        assertEquals(HostKeyRejectedException.Reason.CHANGED, e.reason());
        assertEquals(2, e.line());
        String m = e.getMessage();
        assertTrue(m.startsWith("web-1 (127.0.0.1:" + impostor.port() + "): host key CHANGED"), m);
        assertTrue(m.contains("man-in-the-middle"), m);
        assertTrue(
            m.contains("known ED25519 " + fingerprint(server) + " (~/.ssh/known_hosts:2)"), m);
        assertTrue(m.contains("now offered ED25519 " + fingerprint(impostor)), m);
        assertFalse(m.contains("\n"));
        assertEquals(0, impostor.users().size(), "no authentication may be attempted");
      }
      assertEquals(before, Files.readString(knownHosts()));
    }
  }

  @Test
  void changedHostKeyIsRefusedWithAcceptNewEvenBesideAMalformedLine() throws Exception {
    Files.createDirectories(knownHosts().getParent());
    try (InProcessSshServer impostor = InProcessSshServer.start(InProcessSshServer.newHostKey())) {
      impostor.authorize(Shell.pub(key));
      String line = server.knownHostsLine().replace(":" + server.port(), ":" + impostor.port());
      String before = "bogus line\n" + line + "\n";
      Files.writeString(knownHosts(), before);
      SshSettings settings = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
      try (SshSessionPool pool = new SshSessionPool(settings)) {
        HostKeyRejectedException e =
            assertThrows(
                HostKeyRejectedException.class,
                () ->
                    pool.run(target(impostor, key), RemoteCommand.of("true"), OutputListener.NONE));
        assertEquals(HostKeyRejectedException.Reason.CHANGED, e.reason());
        assertEquals(2, e.line());
        assertEquals(0, impostor.users().size(), "no authentication may be attempted");
      }
      assertEquals(before, Files.readString(knownHosts()), "nothing may be recorded");
    }
  }

  @Test
  void acceptNewRecordsEveryHostOfAParallelConnect() throws Exception {
    int hosts = 10;
    List<InProcessSshServer> fleet = new ArrayList<>();
    try {
      for (int i = 0; i < hosts; i++) {
        fleet.add(InProcessSshServer.start().authorize(Shell.pub(key)));
      }
      for (int round = 0; round < 20; round++) {
        Files.deleteIfExists(knownHosts());
        SshSettings acceptNew = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
        try (SshSessionPool pool = new SshSessionPool(acceptNew)) {
          List<CompletableFuture<Void>> connecting = new ArrayList<>();
          for (InProcessSshServer s : fleet) {
            connecting.add(CompletableFuture.runAsync(() -> pool.connect(target(s, key))));
          }
          for (CompletableFuture<Void> c : connecting) {
            c.get(30, TimeUnit.SECONDS);
          }
        }
        String recorded = Files.readString(knownHosts());
        for (InProcessSshServer s : fleet) {
          assertTrue(
              recorded.contains(s.knownHostsLine()),
              "round " + round + ": " + s.port() + " missing from:\n" + recorded);
        }
        assertEquals(hosts, recorded.lines().filter(l -> !l.isBlank()).count(), recorded);
      }
    } finally {
      for (InProcessSshServer s : fleet) {
        s.close();
      }
    }
  }

  @Test
  void certAuthorityLineDoesNotVouchForAPlainHostKey() throws Exception {
    Files.createDirectories(knownHosts().getParent());
    // The host's own key, but marked as a CA: OpenSSH uses such a line for certificates only.
    Files.writeString(knownHosts(), "@cert-authority " + server.knownHostsLine() + "\n");
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, null))) {
      HostKeyRejectedException e =
          assertThrows(
              HostKeyRejectedException.class,
              () -> pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(HostKeyRejectedException.Reason.UNKNOWN, e.reason());
      String m = e.getMessage();
      assertFalse(m.contains("CHANGED"), m);
      assertTrue(
          m.startsWith(
              "web-1 (127.0.0.1:"
                  + server.port()
                  + "): unknown host key ED25519 "
                  + fingerprint(server)
                  + "; ~/.ssh/known_hosts:1 is a @cert-authority line for this host, which vouches"
                  + " only for host certificates, and the server offered a plain key; check it, then"
                  + " add it with: ssh-keyscan"),
          m);
    }
  }

  @Test
  void malformedLineIsSkippedWithOneWarningAndTheRestOfTheFileCounts() throws Exception {
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    try (InProcessSshServer second = InProcessSshServer.start().authorize(Shell.pub(key));
        InProcessSshServer third = InProcessSshServer.start().authorize(Shell.pub(key))) {
      Files.createDirectories(knownHosts().getParent());
      Files.writeString(
          knownHosts(),
          "# cluster\nbogus line\n"
              + server.knownHostsLine()
              + "\n"
              + second.knownHostsLine()
              + "\n@weird "
              + third.knownHostsLine()
              + "\n"
              + third.knownHostsLine()
              + "\n");
      try (SshSessionPool pool =
          new SshSessionPool(SshSettings.defaults(home, null), warnings::add)) {
        List<CompletableFuture<Void>> connecting = new ArrayList<>();
        for (InProcessSshServer s : List.of(server, second, third)) {
          connecting.add(CompletableFuture.runAsync(() -> pool.connect(target(s, key))));
        }
        for (CompletableFuture<Void> c : connecting) {
          c.get(20, TimeUnit.SECONDS);
        }
      }
    }
    assertEquals(
        List.of(
            "~/.ssh/known_hosts:2: skipped a malformed line \"bogus line\": a line needs host"
                + " patterns, a key type and a base64 key",
            "~/.ssh/known_hosts:5: skipped a line with the unknown marker @weird (known:"
                + " @cert-authority, @revoked)"),
        warnings.stream().sorted().toList());
  }

  @Test
  void unreadableKnownHostsRefusesTheHostEvenWithAcceptNew() throws Exception {
    Files.createDirectories(knownHosts()); // a directory where the file should be
    SshSettings settings = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
    try (SshSessionPool pool = new SshSessionPool(settings)) {
      HostKeyRejectedException e =
          assertThrows(
              HostKeyRejectedException.class,
              () -> pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(
          "web-1 (127.0.0.1:"
              + server.port()
              + "): cannot check host key ED25519 "
              + fingerprint(server)
              + ": cannot read ~/.ssh/known_hosts (Is a directory); refusing to connect",
          e.getMessage());
    }
  }

  @Test
  void revokedInTheExtraFileOutweighsAMatchInTheOperatorsFile() throws Exception {
    Path extra = home.resolve("cluster_known_hosts");
    Files.writeString(extra, "@revoked * " + server.knownHostsLine().split(" ", 2)[1] + "\n");
    SshSettings settings = trusting(server).withExtraKnownHosts(extra);
    try (SshSessionPool pool = new SshSessionPool(settings)) {
      HostKeyRejectedException e =
          assertThrows(
              HostKeyRejectedException.class,
              () -> pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(HostKeyRejectedException.Reason.REVOKED, e.reason());
      assertEquals(extra, e.knownHostsFile());
      assertEquals(1, e.line());
    }
  }

  @Test
  void acceptNewTellsTheListenerWhatItRecordedAndWhere() throws Exception {
    Files.createDirectories(knownHosts().getParent());
    Files.writeString(knownHosts(), "# mine\n");
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    SshSettings acceptNew = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
    try (SshSessionPool pool = new SshSessionPool(acceptNew, warnings::add)) {
      pool.connect(target(server, key));
    }
    assertEquals(
        List.of(
            "web-1 (127.0.0.1:"
                + server.port()
                + "): accepted new host key ED25519 "
                + fingerprint(server)
                + " and recorded it in ~/.ssh/known_hosts:2"),
        warnings);
    assertEquals("# mine\n" + server.knownHostsLine() + "\n", Files.readString(knownHosts()));
  }

  @Test
  void acceptNewThatCannotRecordTheKeySaysSo() throws Exception {
    Files.writeString(home.resolve(".ssh"), "not a directory");
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    SshSettings acceptNew = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
    try (SshSessionPool pool = new SshSessionPool(acceptNew, warnings::add)) {
      assertEquals(
          0,
          pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
    assertEquals(1, warnings.size(), warnings.toString());
    String w = warnings.get(0);
    assertTrue(
        w.startsWith(
            "web-1 (127.0.0.1:"
                + server.port()
                + "): accepted new host key ED25519 "
                + fingerprint(server)
                + " for this run but could NOT record it in ~/.ssh/known_hosts ("),
        w);
    assertTrue(w.endsWith("); the host will be unknown again next time"), w);
    assertFalse(w.contains("recorded it in"), w);
  }

  @Test
  void revokedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
    Files.createDirectories(knownHosts().getParent());
    Files.writeString(knownHosts(), "@revoked " + server.knownHostsLine() + "\n");
    SshSettings settings = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
    try (SshSessionPool pool = new SshSessionPool(settings)) {
      HostKeyRejectedException e =
          assertThrows(
              HostKeyRejectedException.class,
              () -> pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(HostKeyRejectedException.Reason.REVOKED, e.reason());
      assertEquals(
          "web-1 (127.0.0.1:"
              + server.port()
              + "): host key ED25519 "
              + fingerprint(server)
              + " is marked @revoked in ~/.ssh/known_hosts:1; refusing to connect",
          e.getMessage());
    }
  }

  @Test
  void acceptNewRecordsAnUnknownKeyAndLaterRunsCheckItStrictly() throws Exception {
    SshSettings acceptNew = SshSettings.defaults(home, null).withAcceptNewHostKeys(true);
    try (SshSessionPool pool = new SshSessionPool(acceptNew)) {
      assertEquals(
          0,
          pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
    String recorded = Files.readString(knownHosts());
    assertTrue(recorded.contains("[127.0.0.1]:" + server.port() + " ssh-ed25519 "), recorded);

    try (SshSessionPool strict = new SshSessionPool(SshSettings.defaults(home, null))) {
      assertEquals(
          0,
          strict
              .run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE)
              .exitCode());
    }
  }

  @Test
  void hashedKnownHostsEntriesAreRecognised() throws Exception {
    SshSettings settings = trusting(server);
    Shell.run("ssh-keygen", "-q", "-H", "-f", knownHosts().toString());
    String hashed = Files.readString(knownHosts());
    assertTrue(hashed.startsWith("|1|"), hashed);
    try (SshSessionPool pool = new SshSessionPool(settings)) {
      assertEquals(
          0,
          pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
  }

  @Test
  void serverWithSeveralHostKeysIsCheckedWithTheTypeOnRecord() throws Exception {
    var ed25519 = InProcessSshServer.newHostKey();
    var ecdsa = InProcessSshServer.newEcdsaHostKey();
    try (InProcessSshServer own =
        InProcessSshServer.start(ed25519, ecdsa).authorize(Shell.pub(key))) {
      for (var recorded : List.of(ed25519, ecdsa)) {
        Files.createDirectories(knownHosts().getParent());
        Files.writeString(knownHosts(), own.knownHostsLine(recorded.getPublic()) + "\n");
        try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, null))) {
          assertEquals(
              0,
              pool.run(target(own, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
        }
      }
    }
  }

  @Test
  void sshConfigTellsWhereAndAsWhomToConnect() throws Exception {
    Path configured = Files.createDirectories(home.resolve(".ssh")).resolve("deploy_key");
    Files.copy(key, configured);
    Files.writeString(
        home.resolve(".ssh/config"),
        "Host web-*\n  HostName 127.0.0.1\n  Port "
            + server.port()
            + "\n  User deploy\n  IdentityFile ~/.ssh/deploy_key\n");
    SshTargetResolver resolver = new SshTargetResolver(home.resolve(".ssh/config"), home);
    SshTarget web1 =
        resolver.resolve(
            new dev.rollrun.api.Host(
                "web-1", "web-1", 0, null, null, List.of(), null, null, java.util.Map.of()));
    try (SshSessionPool pool = new SshSessionPool(trusting(server))) {
      CommandResult result =
          pool.run(web1, RemoteCommand.of("echo configured"), OutputListener.NONE);
      assertEquals(List.of("configured"), result.stdoutTail());
    }
    assertTrue(server.users().contains("deploy"));
  }

  @Test
  void extraKnownHostsFileIsReadButNeverWritten() throws Exception {
    Path extra = home.resolve("cluster_known_hosts");
    Files.writeString(extra, server.knownHostsLine() + "\n");
    SshSettings settings = SshSettings.defaults(home, null).withExtraKnownHosts(extra);
    try (SshSessionPool pool = new SshSessionPool(settings)) {
      assertEquals(
          0,
          pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
    assertFalse(Files.exists(knownHosts()));
    assertEquals(server.knownHostsLine() + "\n", Files.readString(extra));
  }

  @Test
  void refusedKeyNamesUserAndEveryKeyTried() throws Exception {
    Path stranger = Shell.keygen(home.resolve(".ssh/id_ed25519"));
    String strangerFingerprint =
        KeyUtils.getFingerPrint(
            org.apache.sshd.common.config.keys.PublicKeyEntry.parsePublicKeyEntry(
                    Files.readString(Shell.pub(stranger)).strip())
                .resolvePublicKey(null, null, null));
    try (SshSessionPool pool = new SshSessionPool(trusting(server))) {
      SshAuthenticationException e =
          assertThrows(
              SshAuthenticationException.class,
              () ->
                  pool.run(
                      target(server, stranger), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals("deploy", e.user());
      assertEquals(
          "web-1 (127.0.0.1:"
              + server.port()
              + "): authentication as deploy failed; tried ~/.ssh/id_ed25519 (ED25519 "
              + strangerFingerprint
              + ")",
          e.getMessage());
    }
  }

  @Test
  void passphraseProtectedKeyIsExplainedNotPromptedFor() throws Exception {
    Path locked = Shell.keygen(home.resolve(".ssh/id_ecdsa"), "ecdsa", "secret passphrase");
    server.authorize(Shell.pub(locked));
    try (SshSessionPool pool = new SshSessionPool(trusting(server))) {
      SshAuthenticationException e =
          assertThrows(
              SshAuthenticationException.class,
              () ->
                  pool.run(target(server, locked), RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(
          "web-1 (127.0.0.1:"
              + server.port()
              + "): authentication as deploy failed; no key was offered; not used:"
              + " ~/.ssh/id_ecdsa (passphrase-protected: load it into ssh-agent with: ssh-add"
              + " ~/.ssh/id_ecdsa), no ssh-agent (SSH_AUTH_SOCK is not set)",
          e.getMessage());
    }
  }

  @Test
  void timedOutCommandIsStoppedOnTheHost() throws Exception {
    Path dir = Files.createDirectories(home.resolve("run"));
    try (SshSessionPool pool = new SshSessionPool(trusting(server))) {
      RemoteCommand slow =
          RemoteCommand.of(
                  "echo $$ > " + dir + "/sh.pid; sleep 30 & echo $! > " + dir + "/sleep.pid; wait")
              .withTimeout(Duration.ofSeconds(1));
      long start = System.nanoTime();
      CommandTimeoutException e =
          assertThrows(
              CommandTimeoutException.class,
              () -> pool.run(target(server, key), slow, OutputListener.NONE));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMs < 4000, "timeout took " + tookMs + " ms");
      assertEquals(1, e.seconds());
      assertTrue(e.getMessage().startsWith("web-1: \"echo $$ > "), e.getMessage());
      assertTrue(e.getMessage().contains("did not finish within 1s"), e.getMessage());
      long shPid = Long.parseLong(Files.readString(dir.resolve("sh.pid")).strip());
      long sleepPid = Long.parseLong(Files.readString(dir.resolve("sleep.pid")).strip());
      assertGone(shPid);
      assertGone(sleepPid);
      // the session survives a timed out command
      assertEquals(
          0,
          pool.run(target(server, key), RemoteCommand.of("true"), OutputListener.NONE).exitCode());
    }
  }

  private static void assertGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (Shell.alive(pid) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(Shell.alive(pid), "process " + pid + " still runs on the host");
  }

  @Test
  void droppedConnectionFailsTheCommandPromptly() throws Exception {
    try (InProcessSshServer own = InProcessSshServer.start().authorize(Shell.pub(key));
        SshSessionPool pool = new SshSessionPool(trusting(own))) {
      SshTarget web1 = target(own, key);
      pool.connect(web1);
      CompletableFuture<CommandResult> running =
          CompletableFuture.supplyAsync(
              () ->
                  pool.run(
                      web1,
                      RemoteCommand.of("sleep 30").withTimeout(Duration.ofSeconds(8)),
                      OutputListener.NONE));
      Thread.sleep(300);
      long dropped = System.nanoTime();
      own.dropAllSessions();
      Throwable failure =
          assertThrows(
                  java.util.concurrent.ExecutionException.class,
                  () -> running.get(5, TimeUnit.SECONDS))
              .getCause();
      long tookMs = (System.nanoTime() - dropped) / 1_000_000;
      assertTrue(failure instanceof ConnectionLostException, String.valueOf(failure));
      assertTrue(tookMs < 2000, "noticed after " + tookMs + " ms");
      assertEquals(
          "web-1 (127.0.0.1:"
              + own.port()
              + "): connection lost while running \"sleep 30\"; whether it finished on the host"
              + " is unknown",
          failure.getMessage());

      // The next command reconnects (a host that came back from a reboot).
      assertEquals(0, pool.run(web1, RemoteCommand.of("true"), OutputListener.NONE).exitCode());
      assertEquals(2, own.sessionsOpened());
    }
  }

  @Test
  void refusedConnectionSaysSoWithTheAddress() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, null))) {
      SshTarget nowhere =
          SshTarget.direct("web-9", "127.0.0.1", closedPort, "deploy", List.of(key));
      SshConnectException e =
          assertThrows(
              SshConnectException.class,
              () -> pool.run(nowhere, RemoteCommand.of("true"), OutputListener.NONE));
      assertEquals(
          "web-9 (127.0.0.1:" + closedPort + "): cannot connect: connection refused",
          e.getMessage());
    }
  }

  @Test
  void serverThatSpeaksHttpIsNamedNotAnSshServer() throws Exception {
    try (GarbageServer http =
        GarbageServer.answering(
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) {
      try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, null))) {
        SshTarget web = SshTarget.direct("web-1", "127.0.0.1", http.port(), "deploy", List.of(key));
        SshConnectException e =
            assertThrows(
                SshConnectException.class,
                () -> pool.run(web, RemoteCommand.of("true"), OutputListener.NONE));
        assertEquals(
            "web-1 (127.0.0.1:"
                + http.port()
                + "): not an SSH server: it sent \"HTTP/1.1 400 Bad Request\"",
            e.getMessage());
      }
    }
  }

  @Test
  void serverThatSendsRandomBytesIsNamedNotAnSshServer() throws Exception {
    byte[] noise = new byte[4096];
    new java.util.Random(42).nextBytes(noise);
    noise[0] = (byte) 0x9c;
    try (GarbageServer random = GarbageServer.answering(noise)) {
      try (SshSessionPool pool = new SshSessionPool(SshSettings.defaults(home, null))) {
        SshTarget web =
            SshTarget.direct("web-1", "127.0.0.1", random.port(), "deploy", List.of(key));
        long start = System.nanoTime();
        SshConnectException e =
            assertThrows(
                SshConnectException.class,
                () -> pool.run(web, RemoteCommand.of("true"), OutputListener.NONE));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        assertTrue(
            e.getMessage()
                .startsWith(
                    "web-1 (127.0.0.1:" + random.port() + "): not an SSH server: it sent \"\\x9c"),
            e.getMessage());
      }
    }
  }

  @Test
  void serverThatGreetsBeforeItsVersionLineIsStillAnSshServer() throws Exception {
    try (InProcessSshServer chatty =
            InProcessSshServer.start()
                .authorize(Shell.pub(key))
                .withLinesBeforeVersion("Welcome to web-1|Authorized use only");
        SshSessionPool pool = new SshSessionPool(trusting(chatty))) {
      assertEquals(
          List.of("hello"),
          pool.run(target(chatty, key), RemoteCommand.of("echo hello"), OutputListener.NONE)
              .stdoutTail());
    }
  }

  @Test
  void serverThatNeverAnswersFailsAfterTheConnectTimeout() throws Exception {
    try (ServerSocket silent =
        new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
      SshSettings settings =
          SshSettings.defaults(home, null).withConnectTimeout(Duration.ofSeconds(1));
      try (SshSessionPool pool = new SshSessionPool(settings)) {
        SshTarget mute =
            SshTarget.direct("web-1", "127.0.0.1", silent.getLocalPort(), "deploy", List.of(key));
        long start = System.nanoTime();
        SshConnectException e =
            assertThrows(
                SshConnectException.class,
                () -> pool.run(mute, RemoteCommand.of("true"), OutputListener.NONE));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
        assertEquals(
            "web-1 (127.0.0.1:" + silent.getLocalPort() + "): cannot connect: no answer within 1s",
            e.getMessage());
      }
    }
  }

  @Test
  void sudoThatWantsAPasswordFailsAtOnce() throws Exception {
    Path bin = home.resolve("bin");
    Shell.script(
        bin,
        "sudo",
        "printf '%s ' \"$@\" > "
            + home
            + "/sudo.args\necho 'sudo: a password is required' >&2\nexit 1");
    try (InProcessSshServer own =
            InProcessSshServer.start().authorize(Shell.pub(key)).withPathPrefix(bin);
        SshSessionPool pool = new SshSessionPool(trusting(own))) {
      long start = System.nanoTime();
      SudoPasswordRequiredException e =
          assertThrows(
              SudoPasswordRequiredException.class,
              () ->
                  pool.run(
                      target(own, key),
                      RemoteCommand.of("systemctl restart kafka").withSudo(true),
                      OutputListener.NONE));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
      assertEquals("systemctl restart kafka", e.command());
      assertEquals(
          "web-1: sudo wants a password to run \"systemctl restart kafka\"; rollrun runs sudo -n"
              + " and never types passwords: allow it without one (NOPASSWD in sudoers)",
          e.getMessage());
      assertTrue(
          Files.readString(home.resolve("sudo.args"))
              .strip()
              .matches("-n sh -c systemctl restart kafka rollrun-[0-9a-f]+"),
          Files.readString(home.resolve("sudo.args")));
    }
  }

  @Test
  void sudoRunsTheCommandWithoutEverAskingForAPassword() throws Exception {
    Path bin = home.resolve("bin");
    // A sudo that accepts: drops -n and runs the rest.
    Shell.script(bin, "sudo", "[ \"$1\" = -n ] || exit 99\nshift\nexec \"$@\"");
    try (InProcessSshServer own =
            InProcessSshServer.start().authorize(Shell.pub(key)).withPathPrefix(bin);
        SshSessionPool pool = new SshSessionPool(trusting(own))) {
      CommandResult result =
          pool.run(
              target(own, key),
              RemoteCommand.of("echo \"root's turn\"; exit 4").withSudo(true),
              OutputListener.NONE);
      assertEquals(4, result.exitCode());
      assertEquals(List.of("root's turn"), result.stdoutTail());
    }
  }

  @Test
  void jumpHostsAreCrossedInOrderToReachTheTarget() throws Exception {
    try (InProcessSshServer first = InProcessSshServer.start().authorize(Shell.pub(key));
        InProcessSshServer second = InProcessSshServer.start().authorize(Shell.pub(key));
        InProcessSshServer web = InProcessSshServer.start().authorize(Shell.pub(key));
        SshSessionPool pool = new SshSessionPool(trusting(first, second, web))) {
      SshTarget behindTwo =
          new SshTarget(
              "web-1",
              "127.0.0.1",
              web.port(),
              "deploy",
              List.of(key),
              List.of(
                  new SshTarget.Jump("bastion", "127.0.0.1", first.port(), "jumper", List.of(key)),
                  new SshTarget.Jump("inner", "127.0.0.1", second.port(), "hopper", List.of(key))));
      CommandResult result =
          pool.run(behindTwo, RemoteCommand.of("echo arrived"), OutputListener.NONE);
      assertEquals(List.of("arrived"), result.stdoutTail());
      assertEquals(List.of("127.0.0.1:" + second.port()), first.forwards());
      assertEquals(List.of("127.0.0.1:" + web.port()), second.forwards());
      assertEquals(List.of("jumper"), first.users());
      assertEquals(List.of("hopper"), second.users());
      assertEquals(List.of("deploy"), web.users());
    }
  }

  @Test
  void unknownKeyOfAJumpHostNamesTheJumpHost() throws Exception {
    try (InProcessSshServer bastion = InProcessSshServer.start().authorize(Shell.pub(key));
        SshSessionPool pool = new SshSessionPool(trusting(server))) {
      SshTarget behind =
          new SshTarget(
              "web-1",
              "127.0.0.1",
              server.port(),
              "deploy",
              List.of(key),
              List.of(
                  new SshTarget.Jump(
                      "bastion", "127.0.0.1", bastion.port(), "jumper", List.of(key))));
      HostKeyRejectedException e =
          assertThrows(
              HostKeyRejectedException.class,
              () -> pool.run(behind, RemoteCommand.of("true"), OutputListener.NONE));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "web-1 via jump host bastion (127.0.0.1:"
                      + bastion.port()
                      + "): unknown host key ED25519 "
                      + fingerprint(bastion)),
          e.getMessage());
    }
  }
}

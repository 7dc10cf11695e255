package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.ssh.KnownHostsFile.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which known_hosts lines count for a server, as OpenSSH reads them. */
class KnownHostsFileTest {

  static PublicKey key;
  static PublicKey other;

  @BeforeAll
  static void keys() throws Exception {
    key = InProcessSshServer.newHostKey().getPublic();
    other = InProcessSshServer.newHostKey().getPublic();
  }

  @TempDir Path dir;

  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

  private KnownHostsFile file(String... lines) throws Exception {
    Path f = dir.resolve("known_hosts");
    Files.writeString(f, String.join("\n", lines) + "\n");
    return new KnownHostsFile(f, "~/.ssh/known_hosts", warnings::add);
  }

  private static String k(PublicKey k) {
    return PublicKeyEntry.toString(k);
  }

  @Test
  void patternsMatchTheNameAsSshWasGivenIt() throws Exception {
    KnownHostsFile f =
        file("db-* " + k(key), "[10.0.0.5]:2222 " + k(key), "[*.example]:* " + k(key));
    assertEquals(Kind.MATCH, f.check("db-1", 22, key).kind());
    assertEquals(Kind.UNKNOWN, f.check("db-1", 2222, key).kind(), "db-* is port 22 only");
    assertEquals(Kind.MATCH, f.check("10.0.0.5", 2222, key).kind());
    assertEquals(Kind.UNKNOWN, f.check("10.0.0.5", 22, key).kind());
    assertEquals(Kind.MATCH, f.check("a.example", 2200, key).kind());
  }

  @Test
  void negatedPatternExcludesTheLine() throws Exception {
    KnownHostsFile f = file("web-*,!web-9 " + k(key));
    assertEquals(Kind.MATCH, f.check("web-1", 22, key).kind());
    assertEquals(Kind.UNKNOWN, f.check("web-9", 22, key).kind());
  }

  @Test
  void anotherKeyOnRecordMeansChangedWithItsLine() throws Exception {
    KnownHostsFile f = file("# comment", "web-1 " + k(other));
    KnownHostsFile.Verdict v = f.check("web-1", 22, key);
    assertEquals(Kind.CHANGED, v.kind());
    assertEquals(2, v.line());
    assertEquals(KeyNames.fingerprint(other), KeyNames.fingerprint(v.knownKey()));
  }

  @Test
  void revokedKeyIsRefusedEvenWhenAnotherLineHasIt() throws Exception {
    KnownHostsFile f = file("web-1 " + k(key), "@revoked * " + k(key));
    KnownHostsFile.Verdict v = f.check("web-1", 22, key);
    assertEquals(Kind.REVOKED, v.kind());
    assertEquals(2, v.line());
  }

  @Test
  void certAuthorityLineIsNoEntryForAPlainKey() throws Exception {
    KnownHostsFile f = file("@cert-authority web-* " + k(key));
    KnownHostsFile.Verdict v = f.check("web-1", 22, key);
    assertEquals(Kind.UNKNOWN, v.kind());
    assertEquals(1, v.line(), "the CA line is named for the message");
    assertEquals(List.of(), List.copyOf(f.knownKeyTypes("web-1", 22)));
  }

  @Test
  void unreadableLinesAreSkippedOnceEachAndTheOthersStillCount() throws Exception {
    KnownHostsFile f =
        file(
            "bogus line",
            "web-1 ssh-ed25519",
            "web-1 ssh-ed25519 !!!notbase64!!!",
            "|1|nonsense " + k(other),
            "@weird web-1 " + k(other),
            "web-1 " + k(other));
    for (int i = 0; i < 3; i++) {
      assertEquals(Kind.CHANGED, f.check("web-1", 22, key).kind());
    }
    assertEquals(5, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("~/.ssh/known_hosts:1: skipped a malformed line"));
    assertTrue(warnings.get(1).startsWith("~/.ssh/known_hosts:2: skipped a malformed line"));
    assertTrue(
        warnings.get(2).startsWith("~/.ssh/known_hosts:3: skipped a line whose ssh-ed25519 key"));
    assertEquals(
        "~/.ssh/known_hosts:4: skipped a line whose hashed host name cannot be read",
        warnings.get(3));
    assertTrue(warnings.get(4).startsWith("~/.ssh/known_hosts:5: skipped a line with the unknown"));
  }

  @Test
  void recordedKeyIsReadBackAndNotWrittenTwice() throws Exception {
    KnownHostsFile f = file("bogus line", "web-1 " + k(other));
    KnownHostsFile.Recorded first = f.record("10.0.0.7", 2222, key);
    assertTrue(first.added());
    assertEquals(Kind.MATCH, first.now().kind());
    assertEquals(3, first.now().line());
    KnownHostsFile.Recorded again = f.record("10.0.0.7", 2222, key);
    assertFalse(again.added());
    assertEquals(
        "bogus line\nweb-1 " + k(other) + "\n[10.0.0.7]:2222 " + k(key) + "\n",
        Files.readString(f.path()));
    assertEquals(1, warnings.size(), "the malformed line is reported once: " + warnings);
  }

  @Test
  void recordingNeverAddsAKeyForAHostWhoseKeyChanged() throws Exception {
    KnownHostsFile f = file("web-1 " + k(other));
    KnownHostsFile.Recorded r = f.record("web-1", 22, key);
    assertFalse(r.added());
    assertEquals(Kind.CHANGED, r.now().kind());
    assertEquals("web-1 " + k(other) + "\n", Files.readString(f.path()));
  }

  @Test
  void recordingEndsALastLineThatHadNoNewline() throws Exception {
    Path p = dir.resolve("known_hosts");
    Files.writeString(p, "web-1 " + k(other));
    KnownHostsFile f = new KnownHostsFile(p, "~/.ssh/known_hosts", warnings::add);
    f.record("web-2", 22, key);
    assertEquals("web-1 " + k(other) + "\nweb-2 " + k(key) + "\n", Files.readString(p));
  }

  @Test
  void missingFileKnowsNothingAndSaysNothing() {
    KnownHostsFile f =
        new KnownHostsFile(dir.resolve("absent"), "~/.ssh/known_hosts", warnings::add);
    assertEquals(Kind.UNKNOWN, f.check("web-1", 22, key).kind());
    assertEquals(List.of(), warnings);
  }
}

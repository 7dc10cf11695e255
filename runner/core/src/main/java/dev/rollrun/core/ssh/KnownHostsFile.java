package dev.rollrun.core.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * One known_hosts file, checked by MINA's {@link KnownHostsServerKeyVerifier} (plain, hashed and
 * {@code [host]:port} entries, markers) with nothing ever accepted or rewritten by it: instead of
 * MINA's yes/no, {@link #check} says whether the key matched, is unknown, changed or revoked.
 */
final class KnownHostsFile extends KnownHostsServerKeyVerifier {

  enum Kind {
    MATCH,
    UNKNOWN,
    CHANGED,
    REVOKED
  }

  /**
   * @param knownKey for {@link Kind#CHANGED}: the key on record
   * @param line for {@link Kind#CHANGED} and {@link Kind#REVOKED}: the 1-based line, 0 if not found
   */
  record Verdict(Kind kind, PublicKey knownKey, int line) {
    static final Verdict MATCH = new Verdict(Kind.MATCH, null, 0);
    static final Verdict UNKNOWN = new Verdict(Kind.UNKNOWN, null, 0);
  }

  private final AttributeKey<Verdict> verdictKey = new AttributeKey<>();

  KnownHostsFile(Path file) {
    super(RejectAllServerKeyVerifier.INSTANCE, file);
  }

  Verdict check(ClientSession session, SocketAddress remote, PublicKey key) {
    session.removeAttribute(verdictKey);
    boolean matched = verifyServerKey(session, remote, key);
    Verdict verdict = session.removeAttribute(verdictKey);
    if (matched) {
      return Verdict.MATCH;
    }
    return verdict != null ? verdict : Verdict.UNKNOWN;
  }

  /** Records a newly accepted key at the end of the file, creating it (and ~/.ssh) if needed. */
  void append(ClientSession session, SocketAddress remote, PublicKey key) throws Exception {
    Path file = getPath();
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: nothing to tighten
      }
    }
    updateKnownHostsFile(session, remote, key, file, List.of());
  }

  /** The key types this file knows for a server, for preferring them in the key exchange. */
  Set<String> knownKeyTypes(String hostname, int port) {
    Set<String> types = new LinkedHashSet<>();
    Path file = getPath();
    if (!Files.isRegularFile(file)) {
      return types;
    }
    try {
      for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(file)) {
        if (e.getMarker() == null && e.getKeyEntry() != null && e.isHostMatch(hostname, port)) {
          types.add(e.getKeyEntry().getKeyType());
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable file only loses the preference; the check itself will report it.
    }
    return types;
  }

  @Override
  protected boolean acceptUnknownHostKey(
      ClientSession session, SocketAddress remote, PublicKey serverKey) {
    session.setAttribute(verdictKey, Verdict.UNKNOWN);
    return false;
  }

  @Override
  public boolean acceptModifiedServerKey(
      ClientSession session,
      SocketAddress remote,
      KnownHostEntry entry,
      PublicKey expected,
      PublicKey actual) {
    session.setAttribute(
        verdictKey, new Verdict(Kind.CHANGED, expected, lineOf(entry.getConfigLine(), null)));
    return false;
  }

  @Override
  protected void handleRevokedKey(
      ClientSession session, SocketAddress remote, PublicKey serverKey) {
    String encoded = PublicKeyEntry.toString(serverKey);
    int space = encoded.indexOf(' ');
    String data = space >= 0 ? encoded.substring(space + 1) : encoded;
    session.setAttribute(verdictKey, new Verdict(Kind.REVOKED, serverKey, lineOf(null, data)));
  }

  /**
   * The server is named as ssh was asked to reach it ({@code hostname}, or {@code
   * [hostname]:port}), never by the address of a tunnel through a jump host.
   */
  @Override
  protected Collection<SshdSocketAddress> resolveHostNetworkIdentities(
      ClientSession session, SocketAddress remote) {
    ConnectAttempt.Hop hop = session.getAttribute(ConnectAttempt.HOP);
    if (hop == null) {
      return super.resolveHostNetworkIdentities(session, remote);
    }
    return List.of(new SshdSocketAddress(hop.hostname(), hop.port()));
  }

  private int lineOf(String configLine, String revokedKeyData) {
    try {
      List<String> lines = Files.readAllLines(getPath());
      for (int i = 0; i < lines.size(); i++) {
        String l = lines.get(i).strip();
        int hash = l.indexOf('#');
        if (hash >= 0) {
          l = l.substring(0, hash).strip();
        }
        if (configLine != null && l.equals(configLine.strip())) {
          return i + 1;
        }
        if (revokedKeyData != null && l.startsWith("@revoked") && l.contains(revokedKeyData)) {
          return i + 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the message then names the file without a line
    }
    return 0;
  }
}

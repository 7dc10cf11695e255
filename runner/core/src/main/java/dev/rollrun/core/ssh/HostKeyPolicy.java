package dev.rollrun.core.ssh;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict host key checking like OpenSSH's: a key must be in the operator's known_hosts or the extra
 * known_hosts file. An unknown key is refused, or with accept-new appended to the operator's file
 * and accepted; a changed or revoked key is always refused. Every refusal is kept on the {@link
 * ConnectAttempt} so that the caller can throw a {@link HostKeyRejectedException} that says what to
 * do.
 */
final class HostKeyPolicy implements ServerKeyVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(HostKeyPolicy.class);

  private final KnownHostsFile userFile;
  private final KnownHostsFile extraFile;
  private final boolean acceptNew;
  private final Path home;

  HostKeyPolicy(SshSettings settings) {
    this.userFile = new KnownHostsFile(settings.knownHosts());
    this.extraFile =
        settings.extraKnownHosts() == null ? null : new KnownHostsFile(settings.extraKnownHosts());
    this.acceptNew = settings.acceptNewHostKeys();
    this.home = settings.home();
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    ConnectAttempt attempt = ConnectAttempt.of(session);
    ConnectAttempt.Hop hop = session.getAttribute(ConnectAttempt.HOP);
    if (attempt == null || hop == null) {
      return false; // not a session opened by rollrun: nothing to check it against
    }
    KnownHostsFile.Verdict user = userFile.check(session, remote, key);
    if (user.kind() == KnownHostsFile.Kind.MATCH) {
      return true;
    }
    KnownHostsFile.Verdict extra =
        extraFile == null ? KnownHostsFile.Verdict.UNKNOWN : extraFile.check(session, remote, key);
    if (extra.kind() == KnownHostsFile.Kind.MATCH) {
      return true;
    }
    String type = KeyNames.type(key);
    String fingerprint = KeyNames.fingerprint(key);
    String host = attempt.target.name();
    // A revoked key outweighs a changed one; either is refused whatever the settings.
    for (KnownHostsFile.Kind refused :
        List.of(KnownHostsFile.Kind.REVOKED, KnownHostsFile.Kind.CHANGED)) {
      KnownHostsFile file =
          user.kind() == refused ? userFile : extra.kind() == refused ? extraFile : null;
      if (file == null) {
        continue;
      }
      KnownHostsFile.Verdict v = file == userFile ? user : extra;
      Path path = file.getPath();
      String shown = Commands.displayPath(path, home);
      attempt.reject(
          refused == KnownHostsFile.Kind.REVOKED
              ? HostKeyRejectedException.revoked(
                  host,
                  hop.where(),
                  hop.hostname(),
                  hop.port(),
                  type,
                  fingerprint,
                  path,
                  shown,
                  v.line())
              : HostKeyRejectedException.changed(
                  host,
                  hop.where(),
                  hop.hostname(),
                  hop.port(),
                  type,
                  fingerprint,
                  KeyNames.type(v.knownKey()),
                  KeyNames.fingerprint(v.knownKey()),
                  path,
                  shown,
                  v.line()));
      return false;
    }
    if (acceptNew) {
      try {
        userFile.append(session, remote, key);
        LOG.warn(
            "{}: accepted new host key {} {} and added it to {}",
            hop.where(),
            type,
            fingerprint,
            Commands.displayPath(userFile.getPath(), home));
      } catch (Exception e) {
        LOG.warn(
            "{}: accepted new host key {} {} but could not add it to {}: {}",
            hop.where(),
            type,
            fingerprint,
            Commands.displayPath(userFile.getPath(), home),
            e.toString());
      }
      return true;
    }
    attempt.reject(
        HostKeyRejectedException.unknown(
            host,
            hop.where(),
            hop.hostname(),
            hop.port(),
            type,
            fingerprint,
            userFile.getPath(),
            Commands.displayPath(userFile.getPath(), home)));
    return false;
  }

  /** Key types on record for a server in either file, so that the key exchange asks for those. */
  Set<String> knownKeyTypes(String hostname, int port) {
    Set<String> types = new LinkedHashSet<>(userFile.knownKeyTypes(hostname, port));
    if (extraFile != null) {
      types.addAll(extraFile.knownKeyTypes(hostname, port));
    }
    return types;
  }
}

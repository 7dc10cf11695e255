package dev.rollrun.core.ssh;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Strict host key checking like OpenSSH's: a key must be in the operator's known_hosts or the extra
 * known_hosts file. A revoked key is refused whatever either file says otherwise; a key on record
 * in either file is accepted; a changed key is always refused; an unknown key is refused, or with
 * accept-new appended to the operator's file and accepted. A known_hosts file that exists but
 * cannot be read refuses every host: it may hold the very line that would refuse the key.
 *
 * <p>Every refusal is kept on the {@link ConnectAttempt}, so that the caller can throw a {@link
 * HostKeyRejectedException} that says what to do. What the operator should know about an accepted
 * key goes to the {@link SshWarningListener}.
 */
final class HostKeyPolicy implements ServerKeyVerifier {

  private final KnownHostsFile userFile;
  private final KnownHostsFile extraFile;
  private final boolean acceptNew;
  private final SshWarningListener warnings;

  HostKeyPolicy(SshSettings settings, SshWarningListener warnings) {
    this.userFile =
        new KnownHostsFile(
            settings.knownHosts(),
            Commands.displayPath(settings.knownHosts(), settings.home()),
            warnings);
    this.extraFile =
        settings.extraKnownHosts() == null
            ? null
            : new KnownHostsFile(
                settings.extraKnownHosts(),
                Commands.displayPath(settings.extraKnownHosts(), settings.home()),
                warnings);
    this.acceptNew = settings.acceptNewHostKeys();
    this.warnings = warnings;
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    ConnectAttempt attempt = ConnectAttempt.of(session);
    ConnectAttempt.Hop hop = session.getAttribute(ConnectAttempt.HOP);
    if (attempt == null || hop == null) {
      return false; // not a session opened by rollrun: nothing to check it against
    }
    HostKeyRejectedException refusal = refusal(attempt, hop, key);
    if (refusal != null) {
      attempt.reject(refusal);
      return false;
    }
    return true;
  }

  /** Why the key is refused, or {@code null} when it is accepted. */
  private HostKeyRejectedException refusal(
      ConnectAttempt attempt, ConnectAttempt.Hop hop, PublicKey key) {
    Checked user = new Checked(userFile, userFile.check(hop.hostname(), hop.port(), key));
    Checked extra =
        extraFile == null
            ? null
            : new Checked(extraFile, extraFile.check(hop.hostname(), hop.port(), key));
    Refusals refuse = new Refusals(attempt.target.name(), hop, key, userFile);
    for (KnownHostsFile.Kind decisive :
        new KnownHostsFile.Kind[] {KnownHostsFile.Kind.REVOKED, KnownHostsFile.Kind.UNREADABLE}) {
      for (Checked c : new Checked[] {user, extra}) {
        if (c != null && c.verdict().kind() == decisive) {
          return refuse.because(c);
        }
      }
    }
    if (user.is(KnownHostsFile.Kind.MATCH)
        || (extra != null && extra.is(KnownHostsFile.Kind.MATCH))) {
      return null;
    }
    for (Checked c : new Checked[] {user, extra}) {
      if (c != null && c.is(KnownHostsFile.Kind.CHANGED)) {
        return refuse.because(c);
      }
    }
    if (acceptNew) {
      return acceptAndRecord(hop, key, refuse);
    }
    Checked withAuthority = extra != null && user.verdict().line() == 0 ? extra : user;
    return refuse.unknown(withAuthority);
  }

  /**
   * Accept-new: the key is accepted for this connection and recorded. A failure to record it is
   * said, never passed over: the next run would find the host unknown again.
   */
  private HostKeyRejectedException acceptAndRecord(
      ConnectAttempt.Hop hop, PublicKey key, Refusals refuse) {
    String described = KeyNames.type(key) + " " + KeyNames.fingerprint(key);
    KnownHostsFile.Recorded recorded;
    try {
      recorded = userFile.record(hop.hostname(), hop.port(), key);
    } catch (java.io.IOException | RuntimeException e) {
      warnings.warning(
          hop.where()
              + ": accepted new host key "
              + described
              + " for this run but could NOT record it in "
              + userFile.shown()
              + " ("
              + (e instanceof java.io.IOException io ? KnownHostsFile.reason(io) : e.toString())
              + "); the host will be unknown again next time");
      return null;
    }
    KnownHostsFile.Verdict now = recorded.now();
    if (now.kind() != KnownHostsFile.Kind.MATCH) {
      // Another writer recorded a different key for this host meanwhile: refuse as OpenSSH would.
      return refuse.because(new Checked(userFile, now));
    }
    if (recorded.added()) {
      warnings.warning(
          hop.where()
              + ": accepted new host key "
              + described
              + " and recorded it in "
              + userFile.shown()
              + ":"
              + now.line());
    }
    return null;
  }

  /** Key types on record for a server in either file, so that the key exchange asks for those. */
  Set<String> knownKeyTypes(String hostname, int port) {
    Set<String> types = new LinkedHashSet<>(userFile.knownKeyTypes(hostname, port));
    if (extraFile != null) {
      types.addAll(extraFile.knownKeyTypes(hostname, port));
    }
    return types;
  }

  /** One file's verdict. */
  private record Checked(KnownHostsFile file, KnownHostsFile.Verdict verdict) {
    boolean is(KnownHostsFile.Kind kind) {
      return verdict.kind() == kind;
    }
  }

  /** The refusals of one offered key, worded for the server it came from. */
  private record Refusals(
      String host, ConnectAttempt.Hop hop, PublicKey key, KnownHostsFile userFile) {

    HostKeyRejectedException because(Checked c) {
      KnownHostsFile.Verdict v = c.verdict();
      String type = KeyNames.type(key);
      String fingerprint = KeyNames.fingerprint(key);
      return switch (v.kind()) {
        case REVOKED ->
            HostKeyRejectedException.revoked(
                host,
                hop.where(),
                hop.hostname(),
                hop.port(),
                type,
                fingerprint,
                c.file().path(),
                c.file().shown(),
                v.line());
        case CHANGED ->
            HostKeyRejectedException.changed(
                host,
                hop.where(),
                hop.hostname(),
                hop.port(),
                type,
                fingerprint,
                KeyNames.type(v.knownKey()),
                KeyNames.fingerprint(v.knownKey()),
                c.file().path(),
                c.file().shown(),
                v.line());
        case UNREADABLE ->
            HostKeyRejectedException.unreadable(
                host,
                hop.where(),
                hop.hostname(),
                hop.port(),
                type,
                fingerprint,
                c.file().path(),
                c.file().shown(),
                v.problem());
        case UNKNOWN -> unknown(c);
        case MATCH -> throw new IllegalStateException("a matching key is not refused");
      };
    }

    /** Unknown: to be added to the operator's file (where accept-new would add it). */
    HostKeyRejectedException unknown(Checked c) {
      String note =
          c.verdict().line() > 0
              ? c.file().shown()
                  + ":"
                  + c.verdict().line()
                  + " is a @cert-authority line for this host, which vouches only for host"
                  + " certificates, and the server offered a plain key"
              : null;
      return HostKeyRejectedException.unknown(
          host,
          hop.where(),
          hop.hostname(),
          hop.port(),
          KeyNames.type(key),
          KeyNames.fingerprint(key),
          note,
          userFile.path(),
          userFile.shown());
    }
  }
}

package dev.rollrun.core.ssh;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Strict host key checking like OpenSSH's: a key must be in one of the server's known_hosts files
 * (its {@code UserKnownHostsFile}s, by default {@code ~/.ssh/known_hosts} and {@code known_hosts2};
 * its {@code GlobalKnownHostsFile}s, by default {@code /etc/ssh/ssh_known_hosts} and {@code
 * ssh_known_hosts2}; and the {@code --known-hosts} file), looked up under its {@code HostKeyAlias}
 * if it has one. A revoked key is refused whatever any file says otherwise; a key on record in any
 * file is accepted; a changed key is always refused; an unknown key is refused, or with accept-new
 * ({@code --accept-new-host-keys}, or {@code StrictHostKeyChecking accept-new} for the server)
 * appended to its first user file (hashed with {@code HashKnownHosts yes}) and accepted. A
 * known_hosts file that exists but cannot be read refuses every host: it may hold the very line
 * that would refuse the key. {@code StrictHostKeyChecking no} is never honoured: the refusal says
 * so.
 *
 * <p>Every refusal is kept on the {@link ConnectAttempt}, so that the caller can throw a {@link
 * HostKeyRejectedException} that says what to do. What the operator should know about an accepted
 * key goes to the {@link SshWarningListener}.
 */
final class HostKeyPolicy implements ServerKeyVerifier {

  private final SshSettings settings;
  private final SshWarningListener warnings;
  private final Map<Path, KnownHostsFile> files = new ConcurrentHashMap<>();

  HostKeyPolicy(SshSettings settings, SshWarningListener warnings) {
    this.settings = settings;
    this.warnings = warnings;
  }

  /** One known_hosts file, read once for every server that uses it. */
  private KnownHostsFile file(Path path) {
    return files.computeIfAbsent(
        path.toAbsolutePath().normalize(),
        p -> new KnownHostsFile(path, Commands.displayPath(path, settings.home()), warnings));
  }

  /**
   * The files a server is checked against.
   *
   * @param user its user files: the first one is where accept-new writes
   * @param readOnly its global files and the {@code --known-hosts} file
   */
  private record Files(List<KnownHostsFile> user, List<KnownHostsFile> readOnly) {
    List<KnownHostsFile> all() {
      List<KnownHostsFile> all = new ArrayList<>(user);
      all.addAll(readOnly);
      return all;
    }
  }

  private Files filesOf(ConnectAttempt.Hop hop) {
    ServerPolicy policy = hop.policy();
    List<Path> user =
        policy.userKnownHosts() != null ? policy.userKnownHosts() : List.of(settings.knownHosts());
    List<KnownHostsFile> readOnly = new ArrayList<>();
    for (Path p : policy.globalKnownHosts()) {
      readOnly.add(file(p));
    }
    if (settings.extraKnownHosts() != null) {
      readOnly.add(file(settings.extraKnownHosts()));
    }
    return new Files(user.stream().map(this::file).toList(), readOnly);
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
    Files files = filesOf(hop);
    String name = hop.knownHostsName();
    int port = hop.knownHostsPort();
    List<Checked> checked = new ArrayList<>();
    for (KnownHostsFile f : files.all()) {
      checked.add(new Checked(f, f.check(name, port, key)));
    }
    Refusals refuse = new Refusals(attempt.target.name(), hop, key, files.user());
    for (KnownHostsFile.Kind decisive :
        new KnownHostsFile.Kind[] {KnownHostsFile.Kind.REVOKED, KnownHostsFile.Kind.UNREADABLE}) {
      for (Checked c : checked) {
        if (c.verdict().kind() == decisive) {
          return refuse.because(c);
        }
      }
    }
    if (checked.stream().anyMatch(c -> c.is(KnownHostsFile.Kind.MATCH))) {
      return null;
    }
    for (Checked c : checked) {
      if (c.is(KnownHostsFile.Kind.CHANGED)) {
        return refuse.because(c);
      }
    }
    if (settings.acceptNewHostKeys() || hop.policy().acceptNew()) {
      return acceptAndRecord(hop, key, refuse, files);
    }
    Checked withAuthority =
        checked.stream().filter(c -> c.verdict().line() > 0).findFirst().orElse(null);
    return refuse.unknown(withAuthority);
  }

  /**
   * Accept-new: the key is accepted for this connection and recorded. A failure to record it is
   * said, never passed over: the next run would find the host unknown again.
   */
  private HostKeyRejectedException acceptAndRecord(
      ConnectAttempt.Hop hop, PublicKey key, Refusals refuse, Files files) {
    String described = KeyNames.type(key) + " " + KeyNames.fingerprint(key);
    if (files.user().isEmpty()) {
      warnings.warning(
          hop.where()
              + ": accepted new host key "
              + described
              + " for this run but could NOT record it: UserKnownHostsFile is none; the host will"
              + " be unknown again next time");
      return null;
    }
    KnownHostsFile userFile = files.user().get(0);
    KnownHostsFile.Recorded recorded;
    try {
      recorded =
          userFile.record(
              hop.knownHostsName(), hop.knownHostsPort(), key, hop.policy().hashKnownHosts());
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

  /**
   * Key types on record for a server in any of its files, so that the key exchange asks for those.
   */
  Set<String> knownKeyTypes(ConnectAttempt.Hop hop) {
    Set<String> types = new LinkedHashSet<>();
    for (KnownHostsFile f : filesOf(hop).all()) {
      types.addAll(f.knownKeyTypes(hop.knownHostsName(), hop.knownHostsPort()));
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
      String host, ConnectAttempt.Hop hop, PublicKey key, List<KnownHostsFile> userFiles) {

    HostKeyRejectedException because(Checked c) {
      KnownHostsFile.Verdict v = c.verdict();
      String type = KeyNames.type(key);
      String fingerprint = KeyNames.fingerprint(key);
      return switch (v.kind()) {
        case REVOKED ->
            HostKeyRejectedException.revoked(
                host,
                hop.where(),
                hop.knownHostsName(),
                hop.knownHostsPort(),
                type,
                fingerprint,
                c.file().path(),
                c.file().shown(),
                v.line());
        case CHANGED ->
            HostKeyRejectedException.changed(
                host,
                hop.where(),
                hop.knownHostsName(),
                hop.knownHostsPort(),
                type,
                fingerprint,
                KeyNames.type(v.knownKey()),
                KeyNames.fingerprint(v.knownKey()),
                c.file().path(),
                c.file().shown(),
                v.line(),
                hop.policy().notHonoured());
        case UNREADABLE ->
            HostKeyRejectedException.unreadable(
                host,
                hop.where(),
                hop.knownHostsName(),
                hop.knownHostsPort(),
                type,
                fingerprint,
                c.file().path(),
                c.file().shown(),
                v.problem());
        case UNKNOWN -> unknown(c);
        case MATCH -> throw new IllegalStateException("a matching key is not refused");
      };
    }

    /**
     * Unknown: to be added to the server's first user file (where accept-new would add it).
     *
     * @param withAuthority a file whose {@code @cert-authority} line is for this host, or null
     */
    HostKeyRejectedException unknown(Checked withAuthority) {
      List<String> notes = new ArrayList<>();
      if (withAuthority != null) {
        notes.add(
            withAuthority.file().shown()
                + ":"
                + withAuthority.verdict().line()
                + " is a @cert-authority line for this host, which vouches only for host"
                + " certificates, and the server offered a plain key");
      }
      if (hop.policy().hostKeyAlias() != null) {
        notes.add(
            "its key is looked up as \""
                + hop.policy().hostKeyAlias()
                + "\" (HostKeyAlias): put that name first on the line you add");
      }
      if (hop.policy().notHonoured() != null) {
        notes.add(hop.policy().notHonoured());
      }
      KnownHostsFile target = userFiles.isEmpty() ? null : userFiles.get(0);
      return HostKeyRejectedException.unknown(
          host,
          hop.where(),
          hop.hostname(),
          hop.port(),
          KeyNames.type(key),
          KeyNames.fingerprint(key),
          notes.isEmpty() ? null : String.join("; ", notes),
          target == null ? null : target.path(),
          target == null ? "~/.ssh/known_hosts" : target.shown());
    }
  }
}

package dev.rollrun.core.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;

/**
 * Prepares each new session before its key exchange: tells it which server of the chain it talks
 * to, gives it that server's keys, and asks the server for a host key of a type already in
 * known_hosts (as OpenSSH does), so that a server with several host keys is not refused as
 * "changed" only because MINA prefers another type.
 */
final class SessionSetup implements SessionListener {

  private final HostKeyPolicy hostKeys;

  SessionSetup(HostKeyPolicy hostKeys) {
    this.hostKeys = hostKeys;
  }

  @Override
  public void sessionEstablished(Session session) {
    ConnectAttempt attempt = ConnectAttempt.of(session);
    if (attempt == null || !(session instanceof ClientSession client)) {
      return;
    }
    ConnectAttempt.Hop hop = attempt.nextHop();
    session.setAttribute(ConnectAttempt.HOP, hop);
    List<java.security.KeyPair> keys = hop.identities().keys();
    client.setKeyIdentityProvider(s -> keys);
    Set<String> known = hostKeys.knownKeyTypes(hop);
    if (!known.isEmpty()) {
      session.setSignatureFactories(preferring(session.getSignatureFactories(), known));
    }
  }

  private static List<NamedFactory<Signature>> preferring(
      List<NamedFactory<Signature>> all, Set<String> knownKeyTypes) {
    List<NamedFactory<Signature>> first = new ArrayList<>();
    List<NamedFactory<Signature>> rest = new ArrayList<>();
    for (NamedFactory<Signature> f : all) {
      (forKnownType(f.getName(), knownKeyTypes) ? first : rest).add(f);
    }
    first.addAll(rest);
    return first;
  }

  private static boolean forKnownType(String algorithm, Set<String> knownKeyTypes) {
    for (String type : knownKeyTypes) {
      if (algorithm.equals(type)) {
        return true;
      }
      if (type.equals("ssh-rsa")
          && (algorithm.equals("rsa-sha2-512") || algorithm.equals("rsa-sha2-256"))) {
        return true;
      }
    }
    return false;
  }
}

package dev.rollrun.core.ssh;

import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.client.auth.pubkey.PublicKeyAuthenticationReporter;
import org.apache.sshd.client.session.ClientSession;

/** Notes which keys were offered to which server, for the authentication failure message. */
final class TriedKeys implements PublicKeyAuthenticationReporter {

  @Override
  public void signalAuthenticationAttempt(
      ClientSession session, String service, KeyPair identity, String signature) {
    ConnectAttempt attempt = ConnectAttempt.of(session);
    ConnectAttempt.Hop hop = session.getAttribute(ConnectAttempt.HOP);
    if (attempt == null || hop == null || identity == null || identity.getPublic() == null) {
      return;
    }
    String fingerprint = KeyNames.fingerprint(identity.getPublic());
    String label = hop.identities().labels().get(fingerprint);
    if (label == null) {
      label = attempt.agentKeyLabel(fingerprint);
    }
    if (label == null) {
      label = KeyNames.describe(identity.getPublic());
    }
    // An RSA key is offered once per signature algorithm: list it once.
    if (!attempt.tried(hop).contains(label)) {
      attempt.tried(hop, label);
    }
  }

  @Override
  public void signalAuthenticationSuccess(ClientSession session, String service, KeyPair identity) {
    ConnectAttempt attempt = ConnectAttempt.of(session);
    ConnectAttempt.Hop hop = session.getAttribute(ConnectAttempt.HOP);
    if (attempt != null && hop != null) {
      attempt.authenticated(hop);
    }
  }

  @Override
  public void signalAuthenticationExhausted(ClientSession session, String service) {
    ConnectAttempt attempt = ConnectAttempt.of(session);
    ConnectAttempt.Hop hop = session.getAttribute(ConnectAttempt.HOP);
    if (attempt != null && hop != null) {
      attempt.authExhausted(hop);
    }
  }

  @Override
  public void signalAuthenticationFailure(
      ClientSession session,
      String service,
      KeyPair identity,
      boolean partial,
      List<String> serverMethods) {
    // the attempt was noted; exhaustion is what fails the session
  }
}

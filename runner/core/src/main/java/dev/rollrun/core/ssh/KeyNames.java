package dev.rollrun.core.ssh;

import java.security.PublicKey;
import java.util.Locale;
import org.apache.sshd.common.config.keys.KeyUtils;

/** Key types and fingerprints as OpenSSH prints them ({@code ED25519 SHA256:...}). */
final class KeyNames {

  private KeyNames() {}

  /** {@code ED25519}, {@code ECDSA}, {@code RSA}, as in {@code ssh-keygen -lf}. */
  static String type(PublicKey key) {
    return typeOf(KeyUtils.getKeyType(key));
  }

  static String typeOf(String sshKeyType) {
    if (sshKeyType == null) {
      return "UNKNOWN";
    }
    String t = sshKeyType.toLowerCase(Locale.ROOT);
    if (t.contains("ed25519")) {
      return "ED25519";
    }
    if (t.startsWith("ecdsa") || t.contains("ecdsa")) {
      return "ECDSA";
    }
    if (t.contains("rsa")) {
      return "RSA";
    }
    return sshKeyType.toUpperCase(Locale.ROOT);
  }

  /** {@code SHA256:...}. */
  static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(key);
  }

  static String describe(PublicKey key) {
    return type(key) + " " + fingerprint(key);
  }
}

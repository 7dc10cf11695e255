package dev.rollrun.core.ssh;

import java.nio.file.Path;

/**
 * A host key did not match {@code known_hosts}, so rollrun refused to talk to the host. Three
 * cases: the key is unknown (the message says how to check and add it; also when a known_hosts file
 * exists but cannot be read, since it may hold the line that refuses the key), the key CHANGED
 * (always refused, even with {@code --accept-new-host-keys}: possibly a man-in-the-middle), or the
 * key is marked {@code @revoked}.
 */
public class HostKeyRejectedException extends HostException {

  /** Why the key was refused. */
  public enum Reason {
    UNKNOWN,
    CHANGED,
    REVOKED
  }

  private final Reason reason;
  private final String endpoint;
  private final String keyType;
  private final String fingerprint;
  private final String knownFingerprint;
  private final Path knownHostsFile;
  private final int line;

  private HostKeyRejectedException(
      String host,
      String message,
      Reason reason,
      String endpoint,
      String keyType,
      String fingerprint,
      String knownFingerprint,
      Path knownHostsFile,
      int line) {
    super(host, message);
    this.reason = reason;
    this.endpoint = endpoint;
    this.keyType = keyType;
    this.fingerprint = fingerprint;
    this.knownFingerprint = knownFingerprint;
    this.knownHostsFile = knownHostsFile;
    this.line = line;
  }

  /**
   * @param where how the message names the host ({@code web-1 (10.0.0.5:22)})
   * @param address the address ssh connects to, for the {@code ssh-keyscan} hint
   * @param note what else the operator should know about the key, or {@code null}
   */
  static HostKeyRejectedException unknown(
      String host,
      String where,
      String address,
      int port,
      String keyType,
      String fingerprint,
      String note,
      Path knownHosts,
      String knownHostsShown) {
    String message =
        where
            + ": unknown host key "
            + keyType
            + " "
            + fingerprint
            + (note == null ? "" : "; " + note)
            + "; check it, then add it with: ssh-keyscan -p "
            + port
            + " -t "
            + keyType.toLowerCase(java.util.Locale.ROOT)
            + " "
            + address
            + " >> "
            + knownHostsShown
            + ", or run with --accept-new-host-keys";
    return new HostKeyRejectedException(
        host,
        message,
        Reason.UNKNOWN,
        address + ":" + port,
        keyType,
        fingerprint,
        null,
        knownHosts,
        0);
  }

  static HostKeyRejectedException changed(
      String host,
      String where,
      String address,
      int port,
      String keyType,
      String fingerprint,
      String knownKeyType,
      String knownFingerprint,
      Path file,
      String fileShown,
      int line,
      String note) {
    String pattern = port == 22 ? address : "[" + address + "]:" + port;
    String message =
        where
            + ": host key CHANGED, possible man-in-the-middle attack; refusing to connect: known "
            + knownKeyType
            + " "
            + knownFingerprint
            + " ("
            + fileShown
            + (line > 0 ? ":" + line : "")
            + "), now offered "
            + keyType
            + " "
            + fingerprint
            + "; if the host was really reinstalled, remove the old key with: ssh-keygen -f "
            + fileShown
            + " -R '"
            + pattern
            + "'"
            + (note == null ? "" : "; " + note);
    return new HostKeyRejectedException(
        host,
        message,
        Reason.CHANGED,
        address + ":" + port,
        keyType,
        fingerprint,
        knownFingerprint,
        file,
        line);
  }

  static HostKeyRejectedException revoked(
      String host,
      String where,
      String address,
      int port,
      String keyType,
      String fingerprint,
      Path file,
      String fileShown,
      int line) {
    String message =
        where
            + ": host key "
            + keyType
            + " "
            + fingerprint
            + " is marked @revoked in "
            + fileShown
            + (line > 0 ? ":" + line : "")
            + "; refusing to connect";
    return new HostKeyRejectedException(
        host,
        message,
        Reason.REVOKED,
        address + ":" + port,
        keyType,
        fingerprint,
        null,
        file,
        line);
  }

  /**
   * A known_hosts file exists but cannot be read: it may hold the line that refuses this key, so
   * the key is not accepted (reason {@link Reason#UNKNOWN}).
   */
  static HostKeyRejectedException unreadable(
      String host,
      String where,
      String address,
      int port,
      String keyType,
      String fingerprint,
      Path file,
      String fileShown,
      String problem) {
    String message =
        where
            + ": cannot check host key "
            + keyType
            + " "
            + fingerprint
            + ": cannot read "
            + fileShown
            + " ("
            + problem
            + "); refusing to connect";
    return new HostKeyRejectedException(
        host, message, Reason.UNKNOWN, address + ":" + port, keyType, fingerprint, null, file, 0);
  }

  public Reason reason() {
    return reason;
  }

  /** {@code address:port} of the server whose key was refused (a jump host's, if it was one). */
  public String endpoint() {
    return endpoint;
  }

  /** {@code ED25519}, {@code ECDSA}, {@code RSA}. */
  public String keyType() {
    return keyType;
  }

  /** The offered key's fingerprint, {@code SHA256:...}. */
  public String fingerprint() {
    return fingerprint;
  }

  /** For {@link Reason#CHANGED}: the fingerprint in known_hosts; otherwise {@code null}. */
  public String knownFingerprint() {
    return knownFingerprint;
  }

  /** The known_hosts file involved: the one to add to, or the one holding the old key. */
  public Path knownHostsFile() {
    return knownHostsFile;
  }

  /** For {@link Reason#CHANGED} and {@link Reason#REVOKED}: the 1-based line; otherwise 0. */
  public int line() {
    return line;
  }
}

package dev.rollrun.core.ssh;

/**
 * Receives what the operator should know although it does not stop the run: a known_hosts line that
 * was skipped, a new host key that was accepted and recorded (or could not be recorded). The
 * command line prints these whatever the log level; the SSH layer never logs them itself.
 *
 * <p>Each warning is one line that names the file and line or the host it is about. Called from SSH
 * I/O threads: implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface SshWarningListener {

  /** Drops every warning. */
  SshWarningListener DISCARD = message -> {};

  void warning(String message);
}

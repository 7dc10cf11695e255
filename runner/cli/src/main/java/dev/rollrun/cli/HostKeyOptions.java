package dev.rollrun.cli;

import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.ssh.SshSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which host keys a command that connects to the nodes, without rolling them, trusts. */
final class HostKeyOptions {

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description = "Trust the host keys in FILE too (besides ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--accept-new-host-keys",
      description = "Accept and record the key of a host not yet in ~/.ssh/known_hosts.")
  boolean acceptNewHostKeys;

  /**
   * The SSH settings for {@code loaded}: its own known-hosts file first, else {@code
   * --known-hosts}.
   */
  SshSettings settings(Wiring wiring, LoadedPlan loaded) {
    return wiring.sshSettings(acceptNewHostKeys, loaded.extraKnownHosts().orElse(knownHosts));
  }
}

package dev.rollrun.core.ssh;

import java.util.List;

/**
 * What OpenSSH's client configuration says for one host, as {@code ssh -G HOST} prints it, with
 * where each value came from: the result of {@link SshConfig#evaluate}. Values are expanded as ssh
 * expands them before it connects; a value that cannot be expanded, or a setting rollrun cannot
 * honour, is one of the {@link #refusals()}.
 *
 * @param hostArg the name given ({@code ssh NAME}): the inventory address or a jump host's name
 * @param hostname where to connect: {@code HostName} with {@code %h} expanded, in lower case, or
 *     the canonical form of an IP address
 * @param identityFiles {@code IdentityFile}s in order
 * @param defaultIdentities whether {@link #identityFiles} are OpenSSH's defaults (none was set)
 * @param identityAgent {@code IdentityAgent} expanded, or {@code null}
 * @param proxyCommand {@code ProxyCommand} as written, or {@code null} (also when a jump is set)
 * @param proxyCommandExpanded the command ssh runs: {@code exec} and the tokens expanded
 * @param jumps the {@code ProxyJump} hosts in the order they are crossed, or {@code null}
 * @param userKnownHosts {@code UserKnownHostsFile}s expanded; empty for {@code none}
 * @param globalKnownHosts {@code GlobalKnownHostsFile}s as written; empty for {@code none}
 * @param strictHostKeyChecking as written, lower case, or {@code null}
 * @param hostKeyAlias lower case, or {@code null}
 * @param refusals settings in effect that rollrun cannot honour, each naming its line
 * @param ignored settings in effect that rollrun ignores (see {@link SshKeywords}), by keyword
 */
record SshHostConfig(
    String hostArg,
    Sourced<String> hostname,
    Sourced<Integer> port,
    Sourced<String> user,
    List<IdentityFile> identityFiles,
    boolean defaultIdentities,
    Sourced<Boolean> identitiesOnly,
    Sourced<String> identityAgent,
    Sourced<String> proxyCommand,
    String proxyCommandExpanded,
    Sourced<List<JumpSpec>> jumps,
    Sourced<List<String>> userKnownHosts,
    Sourced<List<String>> globalKnownHosts,
    Sourced<String> strictHostKeyChecking,
    Sourced<String> hostKeyAlias,
    Sourced<Boolean> hashKnownHosts,
    List<SshConfigError> refusals,
    List<Sourced<String>> ignored) {

  SshHostConfig {
    identityFiles = List.copyOf(identityFiles);
    refusals = List.copyOf(refusals);
    ignored = List.copyOf(ignored);
  }

  /** The same settings with other refusals. */
  SshHostConfig withRefusals(List<SshConfigError> other) {
    return new SshHostConfig(
        hostArg,
        hostname,
        port,
        user,
        identityFiles,
        defaultIdentities,
        identitiesOnly,
        identityAgent,
        proxyCommand,
        proxyCommandExpanded,
        jumps,
        userKnownHosts,
        globalKnownHosts,
        strictHostKeyChecking,
        hostKeyAlias,
        hashKnownHosts,
        other,
        ignored);
  }

  /** A value and where it came from. */
  record Sourced<T>(T value, SettingSource source) {}

  /**
   * @param written as written ({@code ~/.ssh/id_%r}), as {@code ssh -G} prints it
   * @param path with {@code ~}, tokens and variables expanded; {@code null} when they cannot be
   */
  record IdentityFile(String written, String path, SettingSource source) {}
}

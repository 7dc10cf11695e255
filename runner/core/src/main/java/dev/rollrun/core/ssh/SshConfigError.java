package dev.rollrun.core.ssh;

/**
 * Why a host's SSH settings cannot be used: an ssh_config line OpenSSH itself would refuse, or a
 * setting rollrun cannot honour. Names where the setting came from; {@link SshTargetResolver} turns
 * it into an {@link SshConfigException} for the host it concerns.
 */
final class SshConfigError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient SettingSource source;

  SshConfigError(SettingSource source, String problem) {
    super(problem);
    this.source = source;
  }

  SshConfigError(SshConfigLine at, String problem) {
    this(SettingSource.of(at), problem);
  }

  SettingSource source() {
    return source;
  }

  String problem() {
    return getMessage();
  }
}

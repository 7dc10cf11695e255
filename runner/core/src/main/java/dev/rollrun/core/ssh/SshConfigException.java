package dev.rollrun.core.ssh;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The SSH client configuration ({@code ~/.ssh/config}, the system's, what they include, or the
 * inventory's {@code ssh.options}) cannot be used for a host: a line OpenSSH itself would refuse,
 * or a setting in effect for the host that rollrun cannot honour. The message names the host, the
 * file and line, and the setting.
 */
public class SshConfigException extends HostException {

  private final Path file;
  private final int line;
  private final String problem;
  private final String inventorySetting;

  public SshConfigException(String host, Path file, String problem, Throwable cause) {
    super(host, host + ": " + file + ": " + problem, cause);
    this.file = file;
    this.line = 0;
    this.problem = problem;
    this.inventorySetting = null;
  }

  /**
   * @param where how the message names the place ({@code ~/.ssh/config:12}, {@code inventory})
   * @param file the file, or {@code null} when the setting is not from one
   * @param line the 1-based line, or 0
   * @param inventorySetting when the inventory gave the setting: which one (see {@link
   *     #inventorySetting()}); else {@code null}
   */
  public SshConfigException(
      String host, String where, Path file, int line, String problem, String inventorySetting) {
    super(host, host + ": " + where + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
    this.inventorySetting = inventorySetting;
  }

  /** What is wrong, without the host and the place ({@code PubkeyAuthentication no: ...}). */
  public String problem() {
    return problem;
  }

  /**
   * When the setting refused came from the inventory, which one: {@code address}, {@code port},
   * {@code user}, {@code identity}, or the host variable holding the {@code -o} option ({@code
   * ssh.options}, {@code ansible_ssh_common_args}). Such a refusal is the inventory's to fix, and
   * can be said before anything is touched.
   */
  public Optional<String> inventorySetting() {
    return Optional.ofNullable(inventorySetting);
  }

  /** The file the problem is in, or {@code null} when it is not in a file. */
  public Path file() {
    return file;
  }

  /** The 1-based line of {@link #file()}, or 0. */
  public int line() {
    return line;
  }
}

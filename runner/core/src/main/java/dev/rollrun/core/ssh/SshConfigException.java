package dev.rollrun.core.ssh;

import java.nio.file.Path;

/** The SSH client configuration ({@code ~/.ssh/config}) could not be read or used for a host. */
public class SshConfigException extends HostException {

  private final Path file;

  public SshConfigException(String host, Path file, String problem, Throwable cause) {
    super(host, host + ": " + file + ": " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}

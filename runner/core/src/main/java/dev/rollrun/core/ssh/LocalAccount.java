package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's side of a connection, as ssh_config sees it: the local user ({@code %u}, {@code
 * Match localuser}), their uid ({@code %i}), home directory ({@code ~}, {@code %d}), the machine's
 * name ({@code %l}, {@code %L}) and the environment ({@code ${NAME}}, {@code IdentityAgent $NAME}).
 *
 * @param hostname the local host name as {@code gethostname(2)} gives it
 */
public record LocalAccount(
    String user, long uid, Path home, String hostname, Map<String, String> environment) {

  public LocalAccount {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(hostname, "hostname");
    environment = Map.copyOf(environment);
  }

  /** The user running this JVM. */
  public static LocalAccount current() {
    return new LocalAccount(
        System.getProperty("user.name"),
        currentUid(),
        Path.of(System.getProperty("user.home")),
        currentHostname(),
        System.getenv());
  }

  /** The same account with another home directory (tests give each their own). */
  public LocalAccount withHome(Path otherHome) {
    return new LocalAccount(user, uid, otherHome, hostname, environment);
  }

  /** The same account with another environment. */
  public LocalAccount withEnvironment(Map<String, String> otherEnvironment) {
    return new LocalAccount(user, uid, home, hostname, otherEnvironment);
  }

  /** {@code %L}: the host name up to its first dot. */
  String shortHostname() {
    int dot = hostname.indexOf('.');
    return dot < 0 ? hostname : hostname.substring(0, dot);
  }

  private static long currentUid() {
    try {
      // Linux: this process's own directory belongs to its user.
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return ((Number) uid).longValue();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String currentHostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isBlank()) {
        return env;
      }
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException | RuntimeException again) {
        return "localhost";
      }
    }
  }
}

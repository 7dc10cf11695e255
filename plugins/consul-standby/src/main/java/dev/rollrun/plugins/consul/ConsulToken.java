package dev.rollrun.plugins.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the Consul ACL token comes from: an environment variable or a file, never the playbook (a
 * token written there would live in its history). Without either setting, Consul's own {@code
 * CONSUL_HTTP_TOKEN} and {@code CONSUL_HTTP_TOKEN_FILE} are read when set, as the {@code consul}
 * command does. The token is sent in the {@code X-Consul-Token} header and never shown: {@link
 * #toString} names where it comes from, not what it is.
 */
final class ConsulToken {

  private final String environmentVariable;
  private final String file;
  private final UnaryOperator<String> environment;

  private ConsulToken(String environmentVariable, String file, UnaryOperator<String> environment) {
    this.environmentVariable = environmentVariable;
    this.file = file;
    this.environment = environment;
  }

  /**
   * @param environmentVariable {@code consul.token-env}, or null
   * @param file {@code consul.token-file}, or null
   */
  static ConsulToken of(String environmentVariable, String file) {
    return of(environmentVariable, file, System::getenv);
  }

  static ConsulToken of(
      String environmentVariable, String file, UnaryOperator<String> environment) {
    return new ConsulToken(environmentVariable, file, environment);
  }

  /**
   * The token, or null when none is configured.
   *
   * @throws ConsulException when the variable or file the settings name is missing or empty
   */
  String value() {
    if (environmentVariable != null) {
      String value = environment.apply(environmentVariable);
      if (value == null || value.isBlank()) {
        throw new ConsulException(
            "settings.consul.token-env names "
                + environmentVariable
                + ", which is not set in rollrun's environment");
      }
      return value.strip();
    }
    if (file != null) {
      return read(Path.of(expand(file)), "settings.consul.token-file");
    }
    String value = environment.apply("CONSUL_HTTP_TOKEN");
    if (value != null && !value.isBlank()) {
      return value.strip();
    }
    String tokenFile = environment.apply("CONSUL_HTTP_TOKEN_FILE");
    if (tokenFile != null && !tokenFile.isBlank()) {
      return read(Path.of(expand(tokenFile)), "CONSUL_HTTP_TOKEN_FILE");
    }
    return null;
  }

  private static String read(Path path, String origin) {
    try {
      String value = Files.readString(path, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new ConsulException(origin + " names " + path + ", which is empty");
      }
      return value;
    } catch (IOException e) {
      throw new ConsulException(
          origin
              + " names "
              + path
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static String expand(String path) {
    return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }

  /** Where the token comes from, for messages: never its value. */
  @Override
  public String toString() {
    if (environmentVariable != null) {
      return "the environment variable " + environmentVariable;
    }
    if (file != null) {
      return "the file " + file;
    }
    return "CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE when set";
  }
}

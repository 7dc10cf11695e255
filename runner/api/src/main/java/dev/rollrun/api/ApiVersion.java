package dev.rollrun.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this API: the plugin compatibility contract. A plugin states the versions it works
 * with in its manifest, {@code Plugin-Requires: >=0.1.0 & <0.2.0}; rollrun refuses to start a
 * plugin whose range does not hold this version, naming the jar and both versions.
 */
public final class ApiVersion {

  private static final String VERSION = read();

  private ApiVersion() {}

  /** This API's version without a {@code -SNAPSHOT} suffix, e.g. {@code 0.1.0}. */
  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = ApiVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("dev/rollrun/api/version.properties is missing");
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "0.0.0");
      int snapshot = version.indexOf("-SNAPSHOT");
      return snapshot < 0 ? version : version.substring(0, snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

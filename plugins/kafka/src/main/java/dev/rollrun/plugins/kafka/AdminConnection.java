package dev.rollrun.plugins.kafka;

import dev.rollrun.api.RollrunException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * A Kafka Admin client for one question to the cluster, opened from the behaviour's settings and
 * closed when answered.
 *
 * <p>Kafka clients load the classes their configuration names (metrics reporters, SASL login
 * modules) through the thread's context class loader: while this plugin's code runs, that must be
 * the plugin's own loader, which holds kafka-clients, not rollrun's.
 */
final class AdminConnection implements AutoCloseable {

  private final Admin admin;
  private final Duration timeout;
  private final String bootstrap;

  private AdminConnection(Admin admin, Duration timeout, String bootstrap) {
    this.admin = admin;
    this.timeout = timeout;
    this.bootstrap = bootstrap;
  }

  /**
   * Opens an Admin client to {@code bootstrap}; nothing is sent before the first request.
   *
   * @throws RollrunException when the client configuration file cannot be read or is refused
   */
  static AdminConnection open(KafkaSettings settings, List<String> bootstrap) {
    Properties config = new Properties();
    if (settings.clientConfig() != null) {
      try (InputStream in = Files.newInputStream(settings.clientConfig())) {
        config.load(in);
      } catch (IOException e) {
        throw new RollrunException(
            "kafka: cannot read client-config "
                + settings.clientConfig()
                + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
    }
    String servers = String.join(",", bootstrap);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    // Fail fast on a broker that is gone rather than back off for a minute.
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "rollrun");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(AdminConnection.class.getClassLoader());
    try {
      return new AdminConnection(Admin.create(config), settings.timeout(), servers);
    } catch (RuntimeException e) {
      // The message names the setting that is wrong, never a value of the file.
      throw new RollrunException(
          "kafka: cannot create an Admin client for "
              + servers
              + (settings.clientConfig() == null ? "" : " with " + settings.clientConfig())
              + ": "
              + rootMessage(e));
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** The Admin client. */
  Admin admin() {
    return admin;
  }

  /** The timeout of each request, in milliseconds. */
  int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  /** How the servers asked are named in messages. */
  String bootstrap() {
    return bootstrap;
  }

  /**
   * Waits for {@code future}, with this connection's timeout.
   *
   * @throws RollrunException naming {@code what} when it failed or took too long
   */
  <T> T get(KafkaFuture<T> future, String what) throws InterruptedException {
    return await(future, what, false);
  }

  /**
   * As {@link #get}, but null when the cluster does not support the request (an older protocol
   * version, such as a metadata quorum asked of a cluster in ZooKeeper mode).
   */
  <T> T getIfSupported(KafkaFuture<T> future, String what) throws InterruptedException {
    return await(future, what, true);
  }

  private <T> T await(KafkaFuture<T> future, String what, boolean unsupportedIsNull)
      throws InterruptedException {
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (unsupportedIsNull && e.getCause() instanceof UnsupportedVersionException) {
        return null;
      }
      throw new RollrunException(
          "kafka: " + what + " (from " + bootstrap + "): " + rootMessage(e.getCause()));
    } catch (TimeoutException e) {
      throw new RollrunException(
          "kafka: "
              + what
              + " (from "
              + bootstrap
              + "): no answer within "
              + timeout.toMillis()
              + " ms");
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  /** The deepest cause's message: Kafka wraps the useful one. */
  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

package dev.rollrun.plugins.kafka;

import dev.rollrun.api.Host;
import dev.rollrun.api.TaskArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the kafka behaviour reaches the cluster's Admin API: the playbook's {@code settings:} when
 * {@code cluster: kafka}, with the behaviour's defaults.
 *
 * <pre>
 * settings:
 *   bootstrap: kafka-1:9092,kafka-2:9092   # or a list; default: every host's address and port
 *   port: 9092                             # the listener port on each host (a host's kafka_port var wins)
 *   client-config: /etc/kafka/admin.properties   # security.protocol, sasl.*, ssl.*: read, never shown
 *   timeout: 30s                           # each Admin request
 * </pre>
 *
 * @param bootstrap the bootstrap servers as given, or empty for the inventory hosts'
 * @param port the listener port used when bootstrapping from the inventory hosts
 * @param clientConfig a Kafka client properties file, or null
 * @param timeout how long one Admin request may take
 */
public record KafkaSettings(List<String> bootstrap, int port, Path clientConfig, Duration timeout) {

  /** Kafka's own default listener port. */
  public static final int DEFAULT_PORT = 9092;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The host variable that names a broker's listener port on that host. */
  public static final String PORT_VAR = "kafka_port";

  /** The JSON Schema of the settings, as {@code rollrun validate} checks them. */
  public static final String SCHEMA =
      """
      {"type": "object", "additionalProperties": false,
       "properties": {
         "bootstrap": {
           "description": "Bootstrap servers of the Admin client, host:port, as a list or separated by commas. Default: every inventory host of the roll at its address and port.",
           "oneOf": [
             {"type": "string", "pattern": "^\\\\s*[^\\\\s,]+:[0-9]+\\\\s*(,\\\\s*[^\\\\s,]+:[0-9]+\\\\s*)*$"},
             {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[^\\\\s,]+:[0-9]+$"}}]},
         "port": {
           "description": "The brokers' listener port, when bootstrapping from the inventory hosts (default 9092; a host's kafka_port var wins).",
           "type": "integer", "minimum": 1, "maximum": 65535},
         "client-config": {
           "description": "A Kafka client properties file (security.protocol, sasl.jaas.config, ssl.*), as the Kafka tools' --command-config takes: its values are never shown.",
           "type": "string", "minLength": 1},
         "timeout": {
           "description": "How long each Admin request may take (default 30s).",
           "type": "string", "pattern": "^\\\\s*([0-9]+(ms|s|m|h|d)\\\\s*)+$"}
       }}
      """;

  public KafkaSettings {
    bootstrap = List.copyOf(bootstrap);
  }

  /** Reads the playbook's settings (already checked against {@link #SCHEMA}). */
  public static KafkaSettings of(TaskArgs settings) {
    List<String> servers = new ArrayList<>();
    for (String item : settings.list("bootstrap")) {
      for (String server : item.split(",")) {
        if (!server.isBlank()) {
          servers.add(server.strip());
        }
      }
    }
    String config = settings.string("client-config", null);
    return new KafkaSettings(
        servers,
        settings.integer("port", DEFAULT_PORT),
        config == null ? null : Path.of(config),
        settings.duration("timeout", DEFAULT_TIMEOUT));
  }

  /**
   * The bootstrap servers: those of the settings, else each host's address with its {@value
   * #PORT_VAR} var or {@link #port()}.
   */
  public List<String> bootstrapFor(List<Host> hosts) {
    if (!bootstrap.isEmpty()) {
      return bootstrap;
    }
    List<String> servers = new ArrayList<>();
    for (Host host : hosts) {
      servers.add(hostPort(host.address(), portOf(host)));
    }
    return List.copyOf(servers);
  }

  /** The listener port of a host: its {@value #PORT_VAR} var, else {@link #port()}. */
  public int portOf(Host host) {
    Object value = host.vars().get(PORT_VAR);
    if (value == null) {
      return port;
    }
    try {
      return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new dev.rollrun.api.RollrunException(
          host.name() + ": host var " + PORT_VAR + " \"" + value + "\" is not a port number");
    }
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

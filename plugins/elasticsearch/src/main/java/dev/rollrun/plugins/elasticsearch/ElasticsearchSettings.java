package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.TaskArgs;
import java.time.Duration;

/**
 * The playbook's {@code settings:} when {@code cluster: elasticsearch}: how rollrun reaches each
 * node's HTTP API and how it waits. Every key is optional; the defaults reach {@code
 * http://ADDRESS:9200} without credentials.
 *
 * <pre>
 * settings:
 *   scheme: https                 # http (default) or https
 *   port: 9200                    # each node's HTTP port (host var elasticsearch_port wins)
 *   via: ssh                      # through the node's SSH session (the node's localhost:port)
 *   ca: /etc/rollrun/es-ca.pem    # trust these CAs (PEM); or, knowingly, insecure: true
 *   user: rollrun                 # basic authentication ...
 *   password: "{{ vars.es_password }}"
 *   api-key: "{{ vars.es_api_key }}"   # ... or an API key (the "encoded" value of its creation)
 *   timeout: 30s                  # per request
 *   flush: true                   # flush before a data node stops
 *   rejoin-timeout: 5m            # how long a restarted node may take to rejoin
 *   nodes: 5                      # the node count the gate expects (default: the playbook's hosts)
 * </pre>
 *
 * A host variable {@code elasticsearch_url} ({@code https://10.0.0.5:9200}) names one node's
 * endpoint outright, as the node sees it when {@code via: ssh}.
 */
record ElasticsearchSettings(
    String scheme,
    int port,
    boolean viaSsh,
    String ca,
    boolean insecure,
    String user,
    String password,
    String apiKey,
    Duration timeout,
    boolean flush,
    Duration rejoinTimeout,
    Duration pollInterval,
    int nodes) {

  static final int DEFAULT_PORT = 9200;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_REJOIN_TIMEOUT = Duration.ofMinutes(5);
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** What the settings' JSON Schema allows, as {@link ElasticsearchBehaviour#settingsSchema()}. */
  static final String SCHEMA =
      """
      {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "scheme": {"enum": ["http", "https"], "description": "http (default) or https"},
          "port": {"type": "integer", "minimum": 1, "maximum": 65535,
                   "description": "each node's HTTP port (default 9200)"},
          "via": {"enum": ["ssh", "direct"],
                  "description": "ssh: reach each node's port through its SSH session"},
          "ca": {"type": "string", "minLength": 1,
                 "description": "a PEM file of the CA certificates to trust"},
          "insecure": {"type": "boolean", "description": "trust any certificate (knowingly)"},
          "user": {"type": "string", "minLength": 1, "description": "basic authentication"},
          "password": {"type": "string", "description": "basic authentication: a secret"},
          "api-key": {"type": "string", "minLength": 1,
                      "description": "an API key, as the encoded value its creation returned: a secret"},
          "timeout": {"type": "string", "pattern": "^([0-9]+(ms|s|m|h|d))+$",
                      "description": "per request (default 30s)"},
          "flush": {"type": "boolean", "description": "flush before a data node stops (default true)"},
          "rejoin-timeout": {"type": "string", "pattern": "^([0-9]+(ms|s|m|h|d))+$",
                             "description": "how long a restarted node may take to rejoin (default 5m)"},
          "nodes": {"type": "integer", "minimum": 1,
                    "description": "the node count the default gate expects (default: the playbook's hosts)"}
        },
        "dependentRequired": {"user": ["password"], "password": ["user"]},
        "not": {"required": ["user", "api-key"]}
      }
      """;

  static ElasticsearchSettings of(TaskArgs args) {
    return new ElasticsearchSettings(
        args.string("scheme", "http"),
        args.integer("port", DEFAULT_PORT),
        "ssh".equals(args.string("via", "direct")),
        args.has("ca") ? args.string("ca") : null,
        args.flag("insecure", false),
        args.has("user") ? args.string("user") : null,
        args.has("password") ? args.string("password") : null,
        args.has("api-key") ? args.string("api-key") : null,
        args.duration("timeout", DEFAULT_TIMEOUT),
        args.flag("flush", true),
        args.duration("rejoin-timeout", DEFAULT_REJOIN_TIMEOUT),
        POLL_INTERVAL,
        args.integer("nodes", 0));
  }

  /** The same settings, polling every {@code interval} (tests poll in milliseconds). */
  ElasticsearchSettings pollingEvery(Duration interval) {
    return new ElasticsearchSettings(
        scheme,
        port,
        viaSsh,
        ca,
        insecure,
        user,
        password,
        apiKey,
        timeout,
        flush,
        rejoinTimeout,
        interval,
        nodes);
  }

  /** Never the credentials: this record's default would print them. */
  @Override
  public String toString() {
    return "elasticsearch settings " + scheme + " port " + port + (viaSsh ? " via ssh" : "");
  }
}

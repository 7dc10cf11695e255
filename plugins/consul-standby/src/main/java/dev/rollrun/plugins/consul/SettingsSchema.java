package dev.rollrun.plugins.consul;

/**
 * The JSON Schemas of a {@code consul-standby} and a {@code consul-switchover} playbook's {@code
 * settings:} (see {@link ConsulSettings}): {@code rollrun validate} reports a wrong key with its
 * file:line:column. The roll needs the noop lockfile (its maintenance flag); the switchover does
 * not (the nodes' own watchers set it).
 */
final class SettingsSchema {

  private SettingsSchema() {}

  /** The settings of a roll. */
  static final String STANDBY = schema("\"noop-lockfile\"");

  /** The settings of a switchover. */
  static final String SWITCHOVER = schema(null);

  private static String schema(String alsoRequired) {
    return """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["environment", "service", "local"%s],
          "properties": {
            "consul": {
              "type": "object",
              "additionalProperties": false,
              "description": "Where Consul's HTTP API answers and how rollrun authenticates. The token comes from an environment variable or a file, never from the playbook.",
              "properties": {
                "address": { "type": "string", "pattern": "^https?://[^\\\\s/]+(/[^\\\\s]*)?$", "description": "Default: the hosts' consul_address variable, else http://127.0.0.1:8500." },
                "datacenter": { "type": "string", "minLength": 1, "description": "Default: the hosts' consul_datacenter variable, else the agent's own." },
                "token-env": { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "The environment variable holding the ACL token (default: CONSUL_HTTP_TOKEN when set)." },
                "token-file": { "type": "string", "minLength": 1, "description": "A file holding the ACL token (default: CONSUL_HTTP_TOKEN_FILE when set)." }
              },
              "not": { "required": ["token-env", "token-file"] }
            },
            "environment": { "type": "string", "pattern": "^[^/\\\\s]+$", "description": "The environment of cluster/<environment>/<service>, e.g. production." },
            "service": { "type": "string", "pattern": "^[^/\\\\s]+$", "description": "The Consul service: cluster/<environment>/<service>, service/<service>/<node>/promote and /demote, its health checks." },
            "local": {
              "type": "object",
              "additionalProperties": false,
              "required": ["services"],
              "description": "What the service looks like on a node, checked over SSH.",
              "properties": {
                "services": {
                  "description": "The local services (PowerConsul's local_services): names, each checked with `service NAME status`, or NAME: COMMAND, running when COMMAND exits 0.",
                  "oneOf": [
                    { "type": "array", "items": { "type": "string", "minLength": 1 }, "minItems": 1 },
                    { "type": "object", "minProperties": 1, "additionalProperties": { "type": "string", "minLength": 1 } }
                  ]
                },
                "standby": { "enum": ["stopped", "running"], "description": "What a standby's local services do: stopped (PowerConsul, the default) or running (a warm standby)." },
                "role-check": { "type": "string", "minLength": 1, "description": "A command printing the node's own view of its role: active or standby." }
              }
            },
            "noop-lockfile": { "type": "string", "minLength": 1, "description": "The maintenance flag: while this file exists on a node, its Consul checks pass (PowerConsul's noop_lockfile)." },
            "sudo": { "type": "boolean", "description": "Run the lockfile and status commands through sudo -n." },
            "wait": { "type": "string", "pattern": "^\\\\s*([0-9]+(ms|s|m|h|d)\\\\s*)+$", "description": "How long a node may take to be back in its role after its restart or a switchover (default 2m)." },
            "interval": { "type": "string", "pattern": "^\\\\s*([0-9]+(ms|s|m|h|d)\\\\s*)+$", "description": "How often to look again while waiting for a node (default 1s)." },
            "grace": { "type": "string", "pattern": "^\\\\s*([0-9]+(ms|s|m|h|d)\\\\s*)+$", "description": "How long checks already running may finish once the lockfile is set (default 2s)." },
            "switchover": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "timeout": { "type": "string", "pattern": "^\\\\s*([0-9]+(ms|s|m|h|d)\\\\s*)+$", "description": "How long each node may take to acknowledge its promote or demote flag (default 1m)." },
                "to": { "type": "string", "minLength": 1, "description": "The standby to promote, when there are several." }
              }
            }
          }
        }
        """
        .formatted(alsoRequired == null ? "" : ", " + alsoRequired);
  }
}

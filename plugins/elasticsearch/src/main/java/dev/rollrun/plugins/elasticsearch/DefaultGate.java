package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.TaskArgs;

/**
 * The health gate of a playbook that declares none, written as a playbook's {@code health:}: on
 * every node, {@code _cluster/health} answers green, with no shard relocating or initializing, and
 * the cluster has its nodes back (at least {@code settings.nodes}, by default as many as the
 * playbook's hosts). It reaches each node as the behaviour does: the same URL, TLS, credentials and
 * {@code via: ssh}, copied from the settings as written, so that a secret ({@code {{
 * vars.es_password }}}) is rendered per node and shown as {@code <secret:es_password>}.
 */
final class DefaultGate {

  private DefaultGate() {}

  static String yaml(TaskArgs written, int hosts) {
    String scheme = written.string("scheme", "http");
    String port = written.string("port", String.valueOf(ElasticsearchSettings.DEFAULT_PORT));
    boolean viaSsh = "ssh".equals(written.string("via", "direct"));
    String address = viaSsh ? "'localhost'" : "host.address";
    String url =
        "{{ host.vars."
            + NodeEndpoints.URL_VAR
            + " | default('"
            + scheme
            + "://' ~ "
            + address
            + " ~ ':' ~ (host.vars."
            + NodeEndpoints.PORT_VAR
            + " | default("
            + port
            + "))) }}/_cluster/health";
    StringBuilder yaml = new StringBuilder();
    yaml.append("interval: 2s\n")
        .append("consecutive: 3\n")
        .append("timeout: 30m\n")
        .append("all:\n")
        .append("  - http:\n")
        .append("      name: cluster health\n")
        .append("      url: ")
        .append(quoted(url))
        .append('\n');
    if (written.has("api-key")) {
      yaml.append("      headers:\n        Authorization: ")
          .append(quoted("ApiKey " + written.string("api-key")))
          .append('\n');
    } else if (written.has("user")) {
      yaml.append("      user: ").append(quoted(written.string("user"))).append('\n');
      yaml.append("      password: ").append(quoted(written.string("password", ""))).append('\n');
    }
    if (written.has("ca")) {
      yaml.append("      ca: ").append(quoted(written.string("ca"))).append('\n');
    }
    if (written.flag("insecure", false)) {
      yaml.append("      insecure: true\n");
    }
    if (viaSsh) {
      yaml.append("      via: ssh\n");
    }
    if (written.has("timeout")) {
      yaml.append("      timeout: ").append(quoted(written.string("timeout"))).append('\n');
    }
    yaml.append("      value: $.status\n")
        .append("      json:\n")
        .append("        - { path: $.status, equals: green }\n")
        .append("        - { path: $.relocating_shards, equals: 0 }\n")
        .append("        - { path: $.initializing_shards, equals: 0 }\n");
    int nodes = written.integer("nodes", hosts);
    if (nodes > 0) {
      yaml.append("        - { path: $.number_of_nodes, '>=': ").append(nodes).append(" }\n");
    }
    return yaml.toString();
  }

  /** A YAML double-quoted scalar. */
  static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

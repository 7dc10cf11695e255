package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskContext;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where each node's HTTP API is: the host variable {@code elasticsearch_url} when the inventory
 * gives one, else {@code SCHEME://ADDRESS:PORT} (the port from the host variable {@code
 * elasticsearch_port} or the settings). With {@code via: ssh} that URL is what the node itself
 * reaches (by default {@code localhost}), and rollrun connects through a port forwarded over the
 * node's SSH session.
 */
final class NodeEndpoints {

  static final String URL_VAR = "elasticsearch_url";
  static final String PORT_VAR = "elasticsearch_port";

  private final ElasticsearchSettings settings;
  private final TaskContext context;

  NodeEndpoints(ElasticsearchSettings settings, TaskContext context) {
    this.settings = settings;
    this.context = context;
  }

  /** The node's URL as the inventory and settings say, e.g. {@code http://10.0.0.5:9200}. */
  URI declared(Host host) {
    Object url = host.vars().get(URL_VAR);
    if (url != null && !String.valueOf(url).isBlank()) {
      try {
        URI uri = URI.create(String.valueOf(url).strip().replaceAll("/+$", ""));
        if (uri.getHost() == null || !uri.getScheme().matches("https?")) {
          throw new IllegalArgumentException("not an http:// or https:// URL with a host");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new RollrunException(
            host.name() + ": host variable " + URL_VAR + " \"" + url + "\": " + e.getMessage());
      }
    }
    String address = settings.viaSsh() ? "localhost" : host.address();
    if (address.contains(":") && !address.startsWith("[")) {
      address = "[" + address + "]";
    }
    return URI.create(settings.scheme() + "://" + address + ":" + port(host));
  }

  /** The URL rollrun connects to for the node: {@link #declared}, or its forward through SSH. */
  URI reachable(Host host) {
    URI declared = declared(host);
    if (!settings.viaSsh()) {
      return declared;
    }
    int port =
        declared.getPort() > 0
            ? declared.getPort()
            : "https".equals(declared.getScheme()) ? 443 : 80;
    String remote = declared.getHost().replaceAll("^\\[|\\]$", "");
    InetSocketAddress local = context.tunnel(host, remote, port);
    return URI.create(
        declared.getScheme()
            + "://"
            + local.getHostString()
            + ":"
            + local.getPort()
            + (declared.getRawPath() == null ? "" : declared.getRawPath()));
  }

  private int port(Host host) {
    Object port = host.vars().get(PORT_VAR);
    if (port == null) {
      return settings.port();
    }
    try {
      int value = Integer.parseInt(String.valueOf(port).strip());
      if (value < 1 || value > 65535) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new RollrunException(
          host.name() + ": host variable " + PORT_VAR + " \"" + port + "\" is not a TCP port");
    }
  }
}

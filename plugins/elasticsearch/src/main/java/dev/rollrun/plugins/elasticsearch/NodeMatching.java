package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.Host;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Which inventory host each node runs on, decided in rounds, each host and node taken once: the
 * host variable {@code elasticsearch_node} naming the node; the node's name equal to the host's
 * name; an address of the node ({@code host}, {@code ip}, transport or HTTP publish address) equal
 * to the host's address or to the host of its {@code elasticsearch_url}; the short names (before
 * the first dot) equal; the host's address resolved to the node's IP. A node that two hosts match
 * equally is left for a later round, and unmatched at the end.
 */
final class NodeMatching {

  static final String NODE_VAR = "elasticsearch_node";

  private NodeMatching() {}

  /** Each node with the host it runs on, or without one; in the nodes' order. */
  static Map<ClusterNode, Optional<Host>> match(List<ClusterNode> nodes, List<Host> hosts) {
    Map<ClusterNode, Host> matched = new IdentityHashMap<>();
    List<Host> free = new ArrayList<>(hosts);
    round(nodes, free, matched, (n, h) -> n.name().equals(var(h, NODE_VAR)));
    round(nodes, free, matched, (n, h) -> n.name().equals(h.name()));
    round(
        nodes,
        free,
        matched,
        (n, h) -> n.addresses().stream().anyMatch(a -> addressesOf(h).contains(lower(a))));
    round(nodes, free, matched, (n, h) -> shortName(n.name()).equals(shortName(h.name())));
    round(nodes, free, matched, NodeMatching::resolvesTo);
    Map<ClusterNode, Optional<Host>> result = new LinkedHashMap<>();
    nodes.forEach(n -> result.put(n, Optional.ofNullable(matched.get(n))));
    return result;
  }

  /** The node {@code host} runs, among {@code nodes}, matched against all of {@code cluster}. */
  static Optional<ClusterNode> nodeOf(Host host, List<ClusterNode> nodes, List<Host> cluster) {
    List<Host> all = new ArrayList<>(cluster);
    if (all.stream().noneMatch(h -> h.name().equals(host.name()))) {
      all.add(host);
    }
    return match(nodes, all).entrySet().stream()
        .filter(e -> e.getValue().map(h -> h.name().equals(host.name())).orElse(false))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private static void round(
      List<ClusterNode> nodes,
      List<Host> free,
      Map<ClusterNode, Host> matched,
      BiPredicate<ClusterNode, Host> matches) {
    for (ClusterNode node : nodes) {
      if (matched.containsKey(node)) {
        continue;
      }
      List<Host> candidates = free.stream().filter(h -> matches.test(node, h)).toList();
      if (candidates.size() != 1) {
        continue;
      }
      Host host = candidates.get(0);
      boolean otherNodeToo =
          nodes.stream()
              .filter(other -> other != node && !matched.containsKey(other))
              .anyMatch(other -> matches.test(other, host));
      if (!otherNodeToo) {
        matched.put(node, host);
        free.remove(host);
      }
    }
  }

  private static List<String> addressesOf(Host host) {
    List<String> addresses = new ArrayList<>(List.of(lower(host.address())));
    String url = var(host, NodeEndpoints.URL_VAR);
    if (url != null) {
      try {
        String urlHost = URI.create(url.strip()).getHost();
        if (urlHost != null && !urlHost.equals("localhost")) {
          addresses.add(lower(urlHost.replaceAll("^\\[|\\]$", "")));
        }
      } catch (IllegalArgumentException e) {
        // reported where the URL is used
      }
    }
    return addresses;
  }

  private static boolean resolvesTo(ClusterNode node, Host host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host.address())) {
        if (node.addresses().contains(address.getHostAddress())) {
          return true;
        }
      }
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
    return false;
  }

  private static String var(Host host, String name) {
    Object value = host.vars().get(name);
    return value == null ? null : String.valueOf(value);
  }

  private static String shortName(String name) {
    return lower(name.split("\\.", 2)[0]);
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}

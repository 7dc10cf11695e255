package dev.rollrun.plugins.kafka;

import dev.rollrun.api.Host;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which inventory host each node of the cluster runs on. A host with a {@value #BROKER_ID_VAR} var
 * is the node of that id; any other host is the node whose advertised host name is the host's
 * address or name, or resolves to one of the same IP addresses. A node two hosts claim, and a host
 * that claims two nodes, stay unmatched: a roll needs each broker on exactly one host. Every node
 * and host left unmatched is named in a note saying why.
 */
final class InventoryMatch {

  /** The host variable that names the broker a host runs. */
  static final String BROKER_ID_VAR = "broker.id";

  /**
   * @param hostOf the inventory host of each matched node id
   * @param notes why a node or a host is unmatched, one line each
   */
  record Result(Map<Integer, String> hostOf, List<String> notes) {
    Result {
      hostOf = Map.copyOf(hostOf);
      notes = List.copyOf(notes);
    }
  }

  private final Function<String, Set<String>> resolver;

  /** A match that resolves names with the system's resolver. */
  InventoryMatch() {
    this(InventoryMatch::resolve);
  }

  /**
   * @param resolver the IP addresses of a host name or address, empty when it does not resolve
   */
  InventoryMatch(Function<String, Set<String>> resolver) {
    this.resolver = resolver;
  }

  /**
   * Matches {@code nodes} (registered brokers and controllers not registered as brokers) to {@code
   * hosts}. A controller that is not a broker and that no host claims is only noted: it is not part
   * of the roll unless the inventory lists it.
   */
  Result match(List<KafkaNode> nodes, List<Host> hosts) {
    Map<Integer, KafkaNode> byId = new TreeMap<>();
    nodes.forEach(n -> byId.put(n.id(), n));
    Map<Integer, List<String>> claimants = new TreeMap<>();
    Map<String, List<Integer>> claims = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    Map<String, Set<String>> resolved = new HashMap<>();
    for (Host host : hosts) {
      List<Integer> claimed = new ArrayList<>();
      Integer declared = brokerIdOf(host);
      if (declared != null) {
        if (byId.containsKey(declared)) {
          claimed.add(declared);
        } else {
          notes.add(
              host.name()
                  + ": its "
                  + BROKER_ID_VAR
                  + " is "
                  + declared
                  + ", which the cluster does not list (brokers: "
                  + ids(nodes, true)
                  + controllersOnly(nodes)
                  + ")");
        }
      } else {
        for (KafkaNode node : byId.values()) {
          if (sameMachine(host, node, resolved)) {
            claimed.add(node.id());
          }
        }
        // A broker and a dedicated controller on one machine: the host is the broker.
        if (claimed.stream().anyMatch(id -> byId.get(id).broker())) {
          claimed.removeIf(id -> !byId.get(id).broker());
        }
        if (claimed.isEmpty()) {
          notes.add(
              host.name()
                  + " ("
                  + host.address()
                  + "): no broker of the cluster advertises this host (brokers: "
                  + nodes.stream()
                      .filter(KafkaNode::broker)
                      .map(KafkaNode::describe)
                      .collect(Collectors.joining(", "))
                  + "); give the host a "
                  + BROKER_ID_VAR
                  + " var if it is known by another name");
        }
      }
      claims.put(host.name(), claimed);
      claimed.forEach(id -> claimants.computeIfAbsent(id, k -> new ArrayList<>()).add(host.name()));
    }
    Map<Integer, String> hostOf = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> claim : claims.entrySet()) {
      List<Integer> ids = claim.getValue();
      if (ids.size() > 1) {
        notes.add(
            claim.getKey()
                + ": "
                + ids.stream().map(id -> byId.get(id).describe()).collect(Collectors.joining(", "))
                + " all run on it; give the host a "
                + BROKER_ID_VAR
                + " var to say which one it is");
        continue;
      }
      if (ids.size() == 1 && claimants.get(ids.get(0)).size() == 1) {
        hostOf.put(ids.get(0), claim.getKey());
      }
    }
    for (Map.Entry<Integer, List<String>> claimed : claimants.entrySet()) {
      if (claimed.getValue().size() > 1) {
        notes.add(
            byId.get(claimed.getKey()).describe()
                + " is claimed by "
                + String.join(", ", claimed.getValue())
                + "; each broker must be one inventory host (check their "
                + BROKER_ID_VAR
                + " vars and addresses)");
      }
    }
    for (KafkaNode node : byId.values()) {
      if (hostOf.containsKey(node.id()) || claimants.containsKey(node.id())) {
        continue;
      }
      notes.add(
          node.broker()
              ? node.describe() + ": no inventory host of the roll matches it"
              : node.describe()
                  + " is a KRaft controller but not a registered broker: a dedicated controller"
                  + " (rolled only when the inventory lists it) or a node whose broker is down");
    }
    return new Result(hostOf, notes);
  }

  /** A host's {@value #BROKER_ID_VAR} var, or null. */
  static Integer brokerIdOf(Host host) {
    Object value = host.vars().get(BROKER_ID_VAR);
    if (value == null) {
      return null;
    }
    try {
      return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new dev.rollrun.api.RollrunException(
          host.name() + ": host var " + BROKER_ID_VAR + " \"" + value + "\" is not a broker id");
    }
  }

  private boolean sameMachine(Host host, KafkaNode node, Map<String, Set<String>> resolved) {
    Set<String> names = Set.of(lower(host.address()), lower(host.name()));
    for (String advertised : node.hostNames()) {
      if (names.contains(lower(advertised))) {
        return true;
      }
    }
    Set<String> hostIps = new LinkedHashSet<>();
    hostIps.addAll(resolved.computeIfAbsent(host.address(), resolver));
    for (String advertised : node.hostNames()) {
      Set<String> ips = resolved.computeIfAbsent(advertised, resolver);
      if (ips.stream().anyMatch(hostIps::contains)) {
        return true;
      }
    }
    return false;
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  private static String ids(List<KafkaNode> nodes, boolean brokers) {
    String list =
        nodes.stream()
            .filter(n -> n.broker() == brokers)
            .map(KafkaNode::id)
            .sorted()
            .map(String::valueOf)
            .collect(Collectors.joining(", "));
    return list.isEmpty() ? "none" : list;
  }

  private static String controllersOnly(List<KafkaNode> nodes) {
    return nodes.stream().anyMatch(n -> !n.broker())
        ? "; controllers not registered as brokers: " + ids(nodes, false)
        : "";
  }

  /** The IP addresses of a name, or none when it does not resolve. */
  static Set<String> resolve(String name) {
    try {
      return Arrays.stream(InetAddress.getAllByName(name))
          .map(InetAddress::getHostAddress)
          .collect(Collectors.toUnmodifiableSet());
    } catch (UnknownHostException | SecurityException e) {
      return Set.of();
    }
  }
}

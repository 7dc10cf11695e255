package dev.rollrun.plugins.zookeeper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.Host;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.TaskContext;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks members through their AdminServer ({@code http://<address>:8080/commands/<name>}), which a
 * default ZooKeeper 3.5+ configuration serves ({@code admin.enableServer=true}, port 8080), and
 * which needs none of the four-letter words that {@code 4lw.commands.whitelist} leaves out by
 * default (it allows only {@code srvr}). With {@code via: ssh} the AdminServer is reached at {@code
 * localhost:<admin port>} as the node sees it, through the node's SSH session.
 */
final class AdminServer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TaskContext context;
  private final ZooKeeperSettings settings;

  AdminServer(TaskContext context, ZooKeeperSettings settings) {
    this.context = context;
    this.settings = settings;
  }

  /**
   * What {@code host}'s member says about itself: {@code mntr} (its state, and on the leader the
   * followers in sync), {@code configuration} (its id) and, when {@code withEnsemble}, {@code
   * voting_view} (the voting members it knows).
   */
  MemberStatus status(Host host, boolean withEnsemble) {
    String endpoint = endpoint(host);
    try {
      JsonNode mntr = command(host, "mntr");
      JsonNode configuration = command(host, "configuration");
      Map<Long, EnsembleSeat> ensemble =
          withEnsemble ? ensemble(command(host, "voting_view")) : Map.of();
      String state = mntr.path("server_state").asText("");
      return new MemberStatus(
          host,
          endpoint,
          null,
          configuration.path("server_id").asLong(-1),
          state,
          mntr.path("peer_state").asText(""),
          mntr.path("quorum_size").asInt(0),
          mntr.path("synced_followers").asInt(-1),
          mntr.path("synced_observers").asInt(-1),
          ensemble);
    } catch (Unanswered e) {
      return MemberStatus.silent(host, endpoint, e.getMessage());
    }
  }

  /** The ids of the observers connected to this member, when it is the leader. */
  java.util.List<Long> observers(Host leader) {
    try {
      java.util.List<Long> ids = new java.util.ArrayList<>();
      command(leader, "observers").path("observers").forEach(o -> ids.add(o.path("sid").asLong()));
      return ids;
    } catch (Unanswered e) {
      return java.util.List.of();
    }
  }

  /** Where {@code host}'s AdminServer is asked, as the operator reads it. */
  String endpoint(Host host) {
    int port = settings.adminPort(host);
    return settings.throughSsh()
        ? "localhost:" + port + " on " + host.name() + " through SSH"
        : host.address() + ":" + port;
  }

  private JsonNode command(Host host, String name) throws Unanswered {
    int port = settings.adminPort(host);
    String base;
    try {
      if (settings.throughSsh()) {
        InetSocketAddress local = context.tunnel(host, port);
        base = "http://" + local.getHostString() + ":" + local.getPort();
      } else {
        base = "http://" + bracketed(host.address()) + ":" + port;
      }
    } catch (RuntimeException e) {
      throw new Unanswered(message(e));
    }
    HttpReply reply;
    try {
      reply = context.httpGet(base + "/commands/" + name);
    } catch (RuntimeException e) {
      throw new Unanswered(message(e));
    }
    if (reply.status() == 404) {
      throw new Unanswered(
          "no AdminServer command " + name + " (HTTP 404): is this ZooKeeper 3.5 or newer?");
    }
    if (!reply.ok()) {
      throw new Unanswered("/commands/" + name + " answered HTTP " + reply.status());
    }
    JsonNode json;
    try {
      json = JSON.readTree(reply.body());
    } catch (JsonProcessingException e) {
      throw new Unanswered("/commands/" + name + " did not answer JSON: is this an AdminServer?");
    }
    if (json == null || !json.isObject()) {
      throw new Unanswered("/commands/" + name + " did not answer a JSON object");
    }
    if (json.hasNonNull("error")) {
      throw new Unanswered("/commands/" + name + ": " + json.get("error").asText());
    }
    return json;
  }

  private static Map<Long, EnsembleSeat> ensemble(JsonNode votingView) {
    Map<Long, EnsembleSeat> seats = new LinkedHashMap<>();
    votingView
        .path("current_config")
        .fields()
        .forEachRemaining(
            entry -> {
              long id;
              try {
                id = Long.parseLong(entry.getKey());
              } catch (NumberFormatException e) {
                return;
              }
              JsonNode seat = entry.getValue();
              String quorum = seat.path("server_addresses").path(0).asText("");
              seats.put(
                  id,
                  new EnsembleSeat(
                      id, EnsembleSeat.hostOf(quorum), seat.path("client_address").asText("")));
            });
    return seats;
  }

  private static String bracketed(String address) {
    return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  private static String message(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // "HTTP GET http://10.0.0.1:8080/commands/mntr: Connection refused": the URL is said elsewhere
    int colon = message.startsWith("HTTP ") ? message.indexOf(": ") : -1;
    String why = colon > 0 ? message.substring(colon + 2) : message;
    // the JDK's HTTP client reports a refused connection as a ConnectException without a message
    if (why.equals("ConnectException")) {
      return "connection refused";
    }
    // through SSH, a port nothing listens on is a forward that closes without an answer
    if (why.contains("header parser received no bytes")) {
      return "the connection closed without an answer (does anything listen on that port?)";
    }
    return why;
  }

  /** A member that did not answer a command, with why. */
  private static final class Unanswered extends Exception {
    Unanswered(String message) {
      super(message, null, false, false);
    }
  }
}

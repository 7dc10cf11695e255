package dev.rollrun.plugins.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollrun.api.HttpCall;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.TaskContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The parts of Consul's HTTP API an active/standby pair needs: KV reads (also blocking ones),
 * writes with check-and-set, locks held by sessions, and the health of a service's nodes. Every
 * request goes through the run's {@link TaskContext#http}, names the datacenter when the settings
 * do, and carries the ACL token in {@code X-Consul-Token}; messages name the request, never the
 * token.
 */
final class ConsulClient {

  static final ObjectMapper JSON = new ObjectMapper();

  /** How long an ordinary request may take. */
  private static final Duration REQUEST = Duration.ofSeconds(15);

  private final TaskContext context;
  private final ConsulSettings settings;
  private String token;
  private boolean tokenRead;

  ConsulClient(TaskContext context, ConsulSettings settings) {
    this.context = context;
    this.settings = settings;
  }

  ConsulSettings settings() {
    return settings;
  }

  // ------------------------------------------------------------------------------------ KV --

  /** {@code key} now. */
  KvRead read(String key) {
    return kv(key, Map.of(), REQUEST);
  }

  /**
   * {@code key} once its index passed {@code index}, or as it is after {@code wait} (a blocking
   * query: Consul answers as soon as the key changes).
   */
  KvRead await(String key, long index, Duration wait) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("index", Long.toString(index));
    params.put("wait", Math.max(1, wait.toMillis()) + "ms");
    // Consul may add up to wait/16 of jitter before it answers.
    return kv(key, params, wait.plus(wait.dividedBy(16)).plus(REQUEST));
  }

  /** Every key under {@code prefix}, in key order. */
  List<KvEntry> list(String prefix) {
    HttpReply reply = send(HttpCall.get(url("/v1/kv/" + path(prefix), Map.of("recurse", ""))));
    if (reply.status() == 404) {
      return List.of();
    }
    expectOk(reply, "GET", "/v1/kv/" + prefix + "?recurse");
    List<KvEntry> entries = new ArrayList<>();
    for (JsonNode node : json(reply, "GET /v1/kv/" + prefix)) {
      entries.add(entry(node));
    }
    return entries;
  }

  /**
   * Writes {@code value}; with {@code cas}, only if the key's modify index is still {@code cas}
   * ({@code 0}: only if it does not exist yet).
   *
   * @return false when the check-and-set found the key changed
   */
  boolean put(String key, String value, Long cas) {
    Map<String, String> params = cas == null ? Map.of() : Map.of("cas", Long.toString(cas));
    return trueOrFalse(send(HttpCall.put(url("/v1/kv/" + path(key), params), value)), "PUT", key);
  }

  /** Takes the lock {@code key} for {@code session}, writing {@code value}; false if held. */
  boolean acquire(String key, String session, String value) {
    return trueOrFalse(
        send(HttpCall.put(url("/v1/kv/" + path(key), Map.of("acquire", session)), value)),
        "PUT",
        key + "?acquire");
  }

  /** Lets go of the lock {@code key} held by {@code session}. */
  boolean release(String key, String session) {
    return trueOrFalse(
        send(HttpCall.put(url("/v1/kv/" + path(key), Map.of("release", session)), "")),
        "PUT",
        key + "?release");
  }

  // ------------------------------------------------------------------------------ sessions --

  /**
   * A session that Consul ends by itself {@code ttl} after its last renewal (a runner that dies
   * lets its locks go), releasing its locks at once (no lock delay).
   */
  String createSession(String name, Duration ttl) {
    ObjectNode body = JSON.createObjectNode();
    body.put("Name", name);
    body.put("TTL", Math.max(10, ttl.toSeconds()) + "s");
    body.put("Behavior", "release");
    body.put("LockDelay", "0s");
    HttpReply reply = send(HttpCall.put(url("/v1/session/create", Map.of()), body.toString()));
    expectOk(reply, "PUT", "/v1/session/create");
    String id = json(reply, "PUT /v1/session/create").path("ID").asText("");
    if (id.isEmpty()) {
      throw new ConsulException("Consul PUT /v1/session/create answered without a session ID");
    }
    return id;
  }

  /** Renews a session; false when Consul no longer knows it. */
  boolean renewSession(String id) {
    HttpReply reply = send(HttpCall.put(url("/v1/session/renew/" + path(id), Map.of()), ""));
    if (reply.status() == 404) {
      return false;
    }
    expectOk(reply, "PUT", "/v1/session/renew/" + id);
    return true;
  }

  /** Ends a session, releasing what it holds. */
  void destroySession(String id) {
    HttpReply reply = send(HttpCall.put(url("/v1/session/destroy/" + path(id), Map.of()), ""));
    expectOk(reply, "PUT", "/v1/session/destroy/" + id);
  }

  // -------------------------------------------------------------------------------- health --

  /**
   * The health of every node that runs {@code service}: {@code passing}, {@code warning} or {@code
   * critical}, the worst of the node's checks for it (its node checks included), as Consul's own
   * {@code ?passing} filter judges them.
   */
  Map<String, String> health(String service) {
    String path = "/v1/health/service/" + path(service);
    HttpReply reply = send(HttpCall.get(url(path, Map.of())));
    expectOk(reply, "GET", path);
    Map<String, String> nodes = new LinkedHashMap<>();
    for (JsonNode entry : json(reply, "GET " + path)) {
      String node = entry.path("Node").path("Node").asText("");
      String worst = "passing";
      for (JsonNode check : entry.path("Checks")) {
        worst = worse(worst, check.path("Status").asText("critical"));
      }
      if (!node.isEmpty()) {
        nodes.merge(node, worst, ConsulClient::worse);
      }
    }
    return nodes;
  }

  private static String worse(String a, String b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(String status) {
    return switch (status) {
      case "passing" -> 0;
      case "warning" -> 1;
      default -> 2;
    };
  }

  // ------------------------------------------------------------------------------- plumbing --

  private KvRead kv(String key, Map<String, String> params, Duration timeout) {
    HttpReply reply = send(HttpCall.get(url("/v1/kv/" + path(key), params)).timeout(timeout));
    long index = index(reply);
    if (reply.status() == 404) {
      return new KvRead(null, index);
    }
    expectOk(reply, "GET", "/v1/kv/" + key);
    JsonNode entries = json(reply, "GET /v1/kv/" + key);
    if (!entries.isArray() || entries.isEmpty()) {
      throw new ConsulException("Consul GET /v1/kv/" + key + " answered no entry");
    }
    return new KvRead(entry(entries.get(0)), index);
  }

  private static KvEntry entry(JsonNode node) {
    JsonNode value = node.path("Value");
    String text =
        value.isNull() || value.isMissingNode()
            ? null
            : new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
    String session = node.path("Session").asText("");
    return new KvEntry(
        node.path("Key").asText(),
        text,
        node.path("ModifyIndex").asLong(),
        session.isEmpty() ? null : session);
  }

  private static long index(HttpReply reply) {
    String header = reply.header("X-Consul-Index");
    if (header == null) {
      throw new ConsulException(
          "Consul answered HTTP " + reply.status() + " without an X-Consul-Index header");
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      throw new ConsulException("Consul answered an X-Consul-Index of \"" + header + "\"");
    }
  }

  private HttpReply send(HttpCall call) {
    return context.http(call.header("X-Consul-Token", token()));
  }

  private String token() {
    if (!tokenRead) {
      token = settings.token().value();
      tokenRead = true;
    }
    return token;
  }

  private String url(String path, Map<String, String> params) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((k, v) -> query.add(v.isEmpty() ? k : k + "=" + encode(v)));
    if (settings.datacenter() != null) {
      query.add("dc=" + encode(settings.datacenter()));
    }
    return settings.address() + path + query;
  }

  /** Each segment of a key, URL-encoded; the slashes between them kept. */
  private static String path(String key) {
    StringJoiner path = new StringJoiner("/");
    for (String segment : key.split("/", -1)) {
      path.add(encode(segment));
    }
    return path.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private boolean trueOrFalse(HttpReply reply, String method, String key) {
    expectOk(reply, method, "/v1/kv/" + key);
    String body = reply.body().strip();
    if (body.equals("true")) {
      return true;
    }
    if (body.equals("false")) {
      return false;
    }
    throw new ConsulException(
        "Consul " + method + " /v1/kv/" + key + " answered \"" + shorten(body) + "\"");
  }

  private static void expectOk(HttpReply reply, String method, String path) {
    if (!reply.ok()) {
      throw new ConsulException(
          "Consul "
              + method
              + " "
              + path
              + ": HTTP "
              + reply.status()
              + (reply.body().isBlank() ? "" : " " + shorten(reply.body())));
    }
  }

  private static JsonNode json(HttpReply reply, String what) {
    try {
      return JSON.readTree(reply.body());
    } catch (JsonProcessingException e) {
      throw new ConsulException("Consul " + what + " answered something that is not JSON");
    }
  }

  private static String shorten(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}

package dev.rollrun.tests.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Consul's HTTP API as an active/standby pair uses it, simulated in the test JVM with WireMock (a
 * real Consul cannot run here). One datacenter, one raft index for every write, and Consul's
 * behaviour where a client depends on it:
 *
 * <ul>
 *   <li><b>KV</b> ({@code /v1/kv/<key>}): {@code GET} as JSON entries (base64 values, {@code
 *       CreateIndex}, {@code ModifyIndex}, {@code LockIndex}, {@code Session}), {@code ?raw},
 *       {@code ?recurse}, {@code ?keys}, 404 for a missing key; {@code PUT} answering {@code true}
 *       or {@code false}, with {@code ?cas=} (0: only if absent; N: only if its modify index is N),
 *       {@code ?acquire=} and {@code ?release=} a session; {@code DELETE}.
 *   <li><b>Blocking queries</b>: every read answers {@code X-Consul-Index}; with {@code ?index=N}
 *       it waits until the index of what it reads passes N, or {@code ?wait=} (default 5m, at most
 *       10m, plus up to wait/16 of jitter) runs out, then answers what is there.
 *   <li><b>Sessions</b> ({@code /v1/session/create|destroy|renew|info|list}): a TTL between 10s and
 *       24h after which an unrenewed session is invalidated, releasing (or deleting) the keys it
 *       holds; a lock delay during which a released key cannot be acquired again.
 *   <li><b>Health</b> ({@code /v1/health/service/<service>}, {@code ?passing}): each registered
 *       node's {@code serfHealth} and service check. The service check is what the node's "agent"
 *       reports: a script run on the node every interval, exit 0 passing, 1 warning, else critical,
 *       as Consul runs script checks. The node's own files decide it, so the health follows what
 *       the SSH hosts do.
 *   <li><b>ACLs</b>: with a token, every request needs it in {@code X-Consul-Token} (or {@code
 *       Authorization: Bearer}); without, 403 {@code Permission denied}; a wrong one, 403 {@code
 *       ACL not found}. A {@code ?dc=} other than this datacenter: 500 {@code No path to
 *       datacenter}.
 * </ul>
 *
 * Every request is recorded ({@link #requests()}) with whether it carried the token and where.
 */
public final class ConsulSimulation implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ns|us|ms|s|m|h)");
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);

  /** One request as the simulation saw it. */
  public record Logged(String method, String url, boolean tokenInHeader, boolean tokenInUrl) {}

  /** One change of a node's service check: its status or its output. */
  public record CheckChange(long millis, String status, String output) {}

  private static final class Entry {
    byte[] value;
    long flags;
    long createIndex;
    long modifyIndex;
    long lockIndex;
    String session;
  }

  private static final class Session {
    String id;
    String name;
    String node;
    Duration ttl;
    String behavior;
    Duration lockDelay;
    long createIndex;
    long lastRenewNanos;
  }

  private static final class Check {
    String service;
    String node;
    String address;
    String status = "critical";
    String output = "not run yet";
    long modifyIndex;
    final List<CheckChange> history = new CopyOnWriteArrayList<>();
  }

  private final String datacenter;
  private final String token;
  private final WireMockServer server;
  private final ScheduledExecutorService agents =
      Executors.newScheduledThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "consul-simulation-agent");
            t.setDaemon(true);
            return t;
          });
  private final List<Logged> requests = new CopyOnWriteArrayList<>();

  // Guarded by this: the whole store, as one raft log would order it.
  private long raft = 10;
  private final TreeMap<String, Entry> kv = new TreeMap<>();
  private final Map<String, Long> tombstones = new TreeMap<>();
  private final Map<String, Long> lockDelayUntilNanos = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final Map<String, Check> checks = new LinkedHashMap<>();

  private ConsulSimulation(String datacenter, String token) {
    this.datacenter = datacenter;
    this.token = token;
    this.server =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(96)
                .disableRequestJournal()
                .extensions(new Handler()));
  }

  /**
   * A simulation of datacenter {@code datacenter}, on 127.0.0.1 and a free port.
   *
   * @param token the ACL token every request must carry, or null for ACLs off
   */
  public static ConsulSimulation start(String datacenter, String token) {
    ConsulSimulation consul = new ConsulSimulation(datacenter, token);
    consul.server.start();
    consul.server.stubFor(
        WireMock.any(WireMock.urlMatching("/.*"))
            .willReturn(WireMock.aResponse().withTransformers(Handler.NAME)));
    consul.agents.scheduleWithFixedDelay(consul::expireSessions, 100, 100, TimeUnit.MILLISECONDS);
    return consul;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String address() {
    return "http://127.0.0.1:" + server.port();
  }

  public String datacenter() {
    return datacenter;
  }

  @Override
  public void close() {
    agents.shutdownNow();
    try {
      agents.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      notifyAll();
    }
    server.stop();
  }

  // ------------------------------------------------------------------ the test's own access --

  /** Writes a key as an operator would ({@code consul kv put}). */
  public synchronized void put(String key, String value) {
    write(key, value.getBytes(StandardCharsets.UTF_8), 0);
  }

  /** A key's value, or null. */
  public synchronized String value(String key) {
    Entry e = kv.get(key);
    return e == null || e.value == null ? null : new String(e.value, StandardCharsets.UTF_8);
  }

  /** The session holding a key, or null. */
  public synchronized String holder(String key) {
    Entry e = kv.get(key);
    return e == null ? null : e.session;
  }

  /** The sessions that exist now. */
  public synchronized List<String> sessions() {
    return List.copyOf(sessions.keySet());
  }

  /** Every request so far. */
  public List<Logged> requests() {
    return List.copyOf(requests);
  }

  /**
   * Registers {@code node} as running {@code service}, with a script check its agent runs every
   * {@code interval}: {@code command} with {@code environment}, on this machine (where the SSH
   * hosts' files are).
   */
  public void register(
      String service,
      String node,
      String address,
      List<String> command,
      Map<String, String> environment,
      Duration interval) {
    Check check = new Check();
    check.service = service;
    check.node = node;
    check.address = address;
    synchronized (this) {
      check.modifyIndex = ++raft;
      checks.put(node, check);
      notifyAll();
    }
    agents.scheduleWithFixedDelay(
        () -> runCheck(check, command, environment), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A node's service check now: passing, warning or critical. */
  public synchronized String health(String node) {
    Check check = checks.get(node);
    return check == null ? null : check.status;
  }

  /** Every change of a node's service check (status or output), in order. */
  public List<CheckChange> healthHistory(String node) {
    Check check;
    synchronized (this) {
      check = checks.get(node);
    }
    return check == null ? List.of() : List.copyOf(check.history);
  }

  private void runCheck(Check check, List<String> command, Map<String, String> environment) {
    String status;
    String output;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process process = builder.start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        status = "critical";
        output = "Timed out (30s) running check";
      } else {
        int code = process.exitValue();
        status = code == 0 ? "passing" : code == 1 ? "warning" : "critical";
        output = new String(out, StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      status = "critical";
      output = String.valueOf(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (this) {
      if (!status.equals(check.status) || !output.equals(check.output)) {
        check.history.add(new CheckChange(System.currentTimeMillis(), status, output));
        check.status = status;
        check.output = output;
        check.modifyIndex = ++raft;
        notifyAll();
      }
    }
  }

  // ------------------------------------------------------------------------------- the API --

  /** WireMock's side: every request is answered from the simulated state. */
  private final class Handler implements ResponseDefinitionTransformerV2 {
    static final String NAME = "consul-simulation";

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      try {
        return answer(event.getRequest());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return reply(500, "interrupted", Map.of());
      } catch (RuntimeException e) {
        return reply(500, "simulation: " + e, Map.of());
      }
    }
  }

  private ResponseDefinition answer(Request request) throws InterruptedException {
    URI uri = URI.create(request.getUrl());
    String path = uri.getRawPath();
    Map<String, String> params = query(uri.getRawQuery());
    String method = request.getMethod().getName();
    String headerToken = request.getHeader("X-Consul-Token");
    String bearer = request.getHeader("Authorization");
    if (headerToken == null && bearer != null && bearer.startsWith("Bearer ")) {
      headerToken = bearer.substring("Bearer ".length());
    }
    boolean inUrl = token != null && request.getUrl().contains(token);
    requests.add(
        new Logged(method, request.getUrl(), token != null && token.equals(headerToken), inUrl));
    String given = headerToken != null ? headerToken : params.get("token");
    if (token != null) {
      if (given == null || given.isEmpty()) {
        return reply(403, "Permission denied", Map.of());
      }
      if (!token.equals(given)) {
        return reply(403, "ACL not found", Map.of());
      }
    }
    String dc = params.get("dc");
    if (dc != null && !dc.equals(datacenter)) {
      return reply(500, "No path to datacenter", Map.of());
    }
    if (path.startsWith("/v1/kv/")) {
      String key = URLDecoder.decode(path.substring("/v1/kv/".length()), StandardCharsets.UTF_8);
      return switch (method) {
        case "GET" -> kvGet(key, params);
        case "PUT" -> kvPut(key, params, request.getBody());
        case "DELETE" -> kvDelete(key, params);
        default -> reply(405, "method " + method + " not allowed", Map.of());
      };
    }
    if (path.startsWith("/v1/session/")) {
      return session(method, path.substring("/v1/session/".length()), request.getBodyAsString());
    }
    if (path.startsWith("/v1/health/service/") && method.equals("GET")) {
      return healthService(path.substring("/v1/health/service/".length()), params);
    }
    if (path.equals("/v1/status/leader")) {
      return json(200, JSON.getNodeFactory().textNode("127.0.0.1:8300").toString(), raft);
    }
    return reply(404, "", Map.of());
  }

  // ---------------------------------------------------------------------------------- KV --

  private ResponseDefinition kvGet(String key, Map<String, String> params)
      throws InterruptedException {
    boolean recurse = params.containsKey("recurse");
    boolean keysOnly = params.containsKey("keys");
    synchronized (this) {
      long index = block(params, () -> recurse || keysOnly ? prefixIndex(key) : keyIndex(key));
      if (keysOnly) {
        ArrayNode keys = JSON.createArrayNode();
        kv.subMap(key, true, key + Character.MAX_VALUE, true).keySet().forEach(keys::add);
        return keys.isEmpty() ? json(404, "", index) : json(200, keys.toString(), index);
      }
      if (recurse) {
        ArrayNode entries = JSON.createArrayNode();
        kv.subMap(key, true, key + Character.MAX_VALUE, true)
            .forEach((k, e) -> entries.add(entryJson(k, e)));
        return entries.isEmpty() ? json(404, "", index) : json(200, entries.toString(), index);
      }
      Entry e = kv.get(key);
      if (e == null) {
        return json(404, "", index);
      }
      if (params.containsKey("raw")) {
        return reply(
            200,
            e.value == null ? "" : new String(e.value, StandardCharsets.UTF_8),
            Map.of("X-Consul-Index", Long.toString(index)));
      }
      return json(200, JSON.createArrayNode().add(entryJson(key, e)).toString(), index);
    }
  }

  private ResponseDefinition kvPut(String key, Map<String, String> params, byte[] body) {
    synchronized (this) {
      Entry e = kv.get(key);
      if (params.containsKey("cas")) {
        long cas = Long.parseLong(params.get("cas"));
        boolean ok = cas == 0 ? e == null : e != null && e.modifyIndex == cas;
        if (!ok) {
          return json(200, "false", null);
        }
      }
      long flags = params.containsKey("flags") ? Long.parseLong(params.get("flags")) : 0;
      if (params.containsKey("acquire")) {
        String id = params.get("acquire");
        if (!sessions.containsKey(id)) {
          return reply(500, "invalid session \"" + id + "\"", Map.of());
        }
        if (e != null && e.session != null && !e.session.equals(id)) {
          return json(200, "false", null);
        }
        Long delay = lockDelayUntilNanos.get(key);
        if (delay != null && delay - System.nanoTime() > 0 && (e == null || e.session == null)) {
          return json(200, "false", null);
        }
        boolean newHolder = e == null || e.session == null;
        Entry written = write(key, body, flags);
        written.session = id;
        if (newHolder) {
          written.lockIndex++;
        }
        return json(200, "true", null);
      }
      if (params.containsKey("release")) {
        String id = params.get("release");
        if (e == null || !id.equals(e.session)) {
          return json(200, "false", null);
        }
        Entry written = write(key, body == null || body.length == 0 ? e.value : body, flags);
        written.session = null;
        return json(200, "true", null);
      }
      write(key, body, flags);
      return json(200, "true", null);
    }
  }

  private ResponseDefinition kvDelete(String key, Map<String, String> params) {
    synchronized (this) {
      if (params.containsKey("recurse")) {
        List<String> gone =
            new ArrayList<>(kv.subMap(key, true, key + Character.MAX_VALUE, true).keySet());
        raft++;
        gone.forEach(
            k -> {
              kv.remove(k);
              tombstones.put(k, raft);
            });
      } else {
        Entry e = kv.get(key);
        if (params.containsKey("cas")) {
          long cas = Long.parseLong(params.get("cas"));
          if (e == null || (cas != 0 && e.modifyIndex != cas)) {
            return json(200, "false", null);
          }
        }
        if (e != null) {
          kv.remove(key);
          tombstones.put(key, ++raft);
        }
      }
      notifyAll();
      return json(200, "true", null);
    }
  }

  /** Writes a key at a new raft index and wakes blocked queries. Caller holds this. */
  private Entry write(String key, byte[] value, long flags) {
    Entry e = kv.get(key);
    raft++;
    if (e == null) {
      e = new Entry();
      e.createIndex = raft;
      kv.put(key, e);
      tombstones.remove(key);
    }
    e.value = value;
    e.flags = flags;
    e.modifyIndex = raft;
    notifyAll();
    return e;
  }

  /** A key's index: its modify index, else (missing) the KV store's, never 0. */
  private long keyIndex(String key) {
    Entry e = kv.get(key);
    return e != null ? e.modifyIndex : Math.max(1, kvIndex());
  }

  /** The highest modify or delete index under a prefix, else the KV store's. */
  private long prefixIndex(String prefix) {
    long max = 0;
    for (Entry e : kv.subMap(prefix, true, prefix + Character.MAX_VALUE, true).values()) {
      max = Math.max(max, e.modifyIndex);
    }
    for (Map.Entry<String, Long> t : tombstones.entrySet()) {
      if (t.getKey().startsWith(prefix)) {
        max = Math.max(max, t.getValue());
      }
    }
    return max > 0 ? max : Math.max(1, kvIndex());
  }

  private long kvIndex() {
    long max = 0;
    for (Entry e : kv.values()) {
      max = Math.max(max, e.modifyIndex);
    }
    for (long t : tombstones.values()) {
      max = Math.max(max, t);
    }
    return max;
  }

  private ObjectNode entryJson(String key, Entry e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("LockIndex", e.lockIndex);
    node.put("Key", key);
    node.put("Flags", e.flags);
    if (e.value == null) {
      node.putNull("Value");
    } else {
      node.put("Value", Base64.getEncoder().encodeToString(e.value));
    }
    if (e.session != null) {
      node.put("Session", e.session);
    }
    node.put("CreateIndex", e.createIndex);
    node.put("ModifyIndex", e.modifyIndex);
    return node;
  }

  /**
   * A blocking query: waits (holding this' monitor between checks) until {@code index} passes the
   * request's {@code ?index=} or its wait runs out. Caller holds this.
   */
  private long block(Map<String, String> params, java.util.function.LongSupplier index)
      throws InterruptedException {
    long min = params.containsKey("index") ? Long.parseLong(params.get("index")) : 0;
    long now = index.getAsLong();
    if (min <= 0 || now > min) {
      return now;
    }
    Duration wait =
        params.containsKey("wait") ? goDuration(params.get("wait")) : Duration.ofMinutes(5);
    if (wait.compareTo(MAX_WAIT) > 0) {
      wait = MAX_WAIT;
    }
    long jitter = ThreadLocalRandom.current().nextLong(wait.toNanos() / 16 + 1);
    long deadline = System.nanoTime() + wait.toNanos() + jitter;
    while (now <= min) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
      now = index.getAsLong();
    }
    return now;
  }

  // ---------------------------------------------------------------------------- sessions --

  private ResponseDefinition session(String method, String rest, String body) {
    synchronized (this) {
      if (rest.equals("create") && method.equals("PUT")) {
        JsonNode spec;
        try {
          spec = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
          return reply(400, "Request decode failed: " + e.getMessage(), Map.of());
        }
        Session s = new Session();
        s.id = UUID.randomUUID().toString();
        s.name = spec.path("Name").asText("");
        s.node = spec.path("Node").asText("consul-server");
        s.behavior = spec.path("Behavior").asText("release");
        s.lockDelay = goDuration(spec.path("LockDelay").asText("15s"));
        String ttl = spec.path("TTL").asText("");
        if (!ttl.isEmpty()) {
          s.ttl = goDuration(ttl);
          if (s.ttl.compareTo(Duration.ofSeconds(10)) < 0
              || s.ttl.compareTo(Duration.ofHours(24)) > 0) {
            return reply(
                400, "Invalid Session TTL '" + ttl + "', must be between [10s=24h0m0s]", Map.of());
          }
        }
        s.createIndex = ++raft;
        s.lastRenewNanos = System.nanoTime();
        sessions.put(s.id, s);
        notifyAll();
        return json(200, JSON.createObjectNode().put("ID", s.id).toString(), null);
      }
      if (rest.startsWith("destroy/") && method.equals("PUT")) {
        invalidate(rest.substring("destroy/".length()));
        return json(200, "true", null);
      }
      if (rest.startsWith("renew/") && method.equals("PUT")) {
        Session s = sessions.get(rest.substring("renew/".length()));
        if (s == null) {
          return reply(404, "Session id '" + rest.substring(6) + "' not found", Map.of());
        }
        s.lastRenewNanos = System.nanoTime();
        return json(200, JSON.createArrayNode().add(sessionJson(s)).toString(), null);
      }
      if (rest.startsWith("info/") && method.equals("GET")) {
        Session s = sessions.get(rest.substring("info/".length()));
        ArrayNode list = JSON.createArrayNode();
        if (s != null) {
          list.add(sessionJson(s));
        }
        return json(200, list.toString(), raft);
      }
      if (rest.equals("list") && method.equals("GET")) {
        ArrayNode list = JSON.createArrayNode();
        sessions.values().forEach(s -> list.add(sessionJson(s)));
        return json(200, list.toString(), raft);
      }
      return reply(405, "method " + method + " not allowed", Map.of());
    }
  }

  /** Ends a session: its locks are released (or deleted), each key for its lock delay. */
  private synchronized void invalidate(String id) {
    Session s = sessions.remove(id);
    if (s == null) {
      return;
    }
    raft++;
    for (Map.Entry<String, Entry> held : new ArrayList<>(kv.entrySet())) {
      if (id.equals(held.getValue().session)) {
        if ("delete".equals(s.behavior)) {
          kv.remove(held.getKey());
          tombstones.put(held.getKey(), raft);
        } else {
          held.getValue().session = null;
          held.getValue().modifyIndex = raft;
        }
        if (!s.lockDelay.isZero()) {
          lockDelayUntilNanos.put(held.getKey(), System.nanoTime() + s.lockDelay.toNanos());
        }
      }
    }
    notifyAll();
  }

  private void expireSessions() {
    synchronized (this) {
      long now = System.nanoTime();
      for (Session s : new ArrayList<>(sessions.values())) {
        if (s.ttl != null && now - s.lastRenewNanos > s.ttl.toNanos()) {
          invalidate(s.id);
        }
      }
    }
  }

  private ObjectNode sessionJson(Session s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ID", s.id);
    node.put("Name", s.name);
    node.put("Node", s.node);
    node.put("LockDelay", s.lockDelay.toNanos());
    node.put("Behavior", s.behavior);
    node.put("TTL", s.ttl == null ? "" : s.ttl.toSeconds() + "s");
    node.putArray("NodeChecks").add("serfHealth");
    node.put("CreateIndex", s.createIndex);
    node.put("ModifyIndex", s.createIndex);
    return node;
  }

  // ------------------------------------------------------------------------------ health --

  private ResponseDefinition healthService(String service, Map<String, String> params)
      throws InterruptedException {
    String name = URLDecoder.decode(service, StandardCharsets.UTF_8);
    synchronized (this) {
      long index = block(params, () -> healthIndex(name));
      ArrayNode entries = JSON.createArrayNode();
      for (Check check : checks.values()) {
        if (!check.service.equals(name)) {
          continue;
        }
        if (params.containsKey("passing") && !check.status.equals("passing")) {
          continue;
        }
        ObjectNode entry = entries.addObject();
        ObjectNode node = entry.putObject("Node");
        node.put(
            "ID", UUID.nameUUIDFromBytes(check.node.getBytes(StandardCharsets.UTF_8)).toString());
        node.put("Node", check.node);
        node.put("Address", check.address);
        node.put("Datacenter", datacenter);
        node.putObject("TaggedAddresses");
        node.putObject("Meta");
        ObjectNode svc = entry.putObject("Service");
        svc.put("ID", name);
        svc.put("Service", name);
        svc.putArray("Tags");
        svc.put("Address", check.address);
        svc.put("Port", 0);
        ArrayNode list = entry.putArray("Checks");
        ObjectNode serf = list.addObject();
        serf.put("Node", check.node);
        serf.put("CheckID", "serfHealth");
        serf.put("Name", "Serf Health Status");
        serf.put("Status", "passing");
        serf.put("Output", "Agent alive and reachable");
        serf.put("ServiceID", "");
        serf.put("ServiceName", "");
        ObjectNode own = list.addObject();
        own.put("Node", check.node);
        own.put("CheckID", "service:" + name);
        own.put("Name", "Service '" + name + "' check");
        own.put("Status", check.status);
        own.put("Output", check.output);
        own.put("ServiceID", name);
        own.put("ServiceName", name);
        own.put("ModifyIndex", check.modifyIndex);
      }
      return json(200, entries.toString(), index);
    }
  }

  private long healthIndex(String service) {
    long max = 1;
    for (Check check : checks.values()) {
      if (check.service.equals(service)) {
        max = Math.max(max, check.modifyIndex);
      }
    }
    return max;
  }

  // ---------------------------------------------------------------------------- plumbing --

  private static ResponseDefinition json(int status, String body, Long index) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (index != null) {
      headers.put("X-Consul-Index", Long.toString(index));
      headers.put("X-Consul-KnownLeader", "true");
      headers.put("X-Consul-LastContact", "0");
    }
    return reply(status, body, headers);
  }

  private static ResponseDefinition reply(int status, String body, Map<String, String> headers) {
    ResponseDefinitionBuilder builder =
        ResponseDefinitionBuilder.responseDefinition().withStatus(status).withBody(body);
    headers.forEach(builder::withHeader);
    if (!headers.containsKey("Content-Type")) {
      builder.withHeader("Content-Type", "text/plain; charset=utf-8");
    }
    return builder.build();
  }

  private static Map<String, String> query(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Map.of();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(k, v);
    }
    return Collections.unmodifiableMap(params);
  }

  /** A Go duration as Consul parses {@code wait}, {@code TTL} and {@code LockDelay}: 1m30s. */
  static Duration goDuration(String text) {
    Matcher part = GO_DURATION.matcher(text.strip());
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.lookingAt()) {
      long n = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ns" -> Duration.ofNanos(n);
                case "us" -> Duration.ofNanos(n * 1000);
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = part.end();
      part.region(end, text.strip().length());
    }
    if (text.strip().equals("0")) {
      return Duration.ZERO;
    }
    if (end == 0 || end != text.strip().length()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
    return total;
  }

  /** For messages: the raft index now. */
  public synchronized long index() {
    return raft;
  }
}

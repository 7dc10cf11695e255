package dev.rollrun.plugins.elasticsearch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch's dialect of the behaviour's API calls, against WireMock serving an Elasticsearch
 * 8.15 cluster's recorded answers ({@code src/test/resources/elasticsearch-8}): the exact calls a
 * discovery, the stop checks and the allocation hold make, in their order, and what comes of the
 * answers. The same calls against a real OpenSearch 2.19 cluster are the end-to-end test's.
 *
 * <p>Each inventory host reaches one WireMock server under a path of its own ({@code
 * elasticsearch_url: http://127.0.0.1:PORT/es-hot-1}), so that one request log shows which node was
 * asked what, in order.
 */
class ElasticsearchDialectTest {

  private static final String NODES = ClusterNode.PATH;
  private static final String SHARDS = StartedCopies.PATH;
  private static final String MASTER = "/_cat/master?format=json&h=id,node";
  private static final String SETTINGS = "/_cluster/settings?flat_settings=true";

  static WireMockServer server;

  private List<Host> hosts;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").port(0));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void inventory() {
    server.resetAll();
    hosts = new ArrayList<>();
    // Matched to their nodes by name, by address (search-7 is es-frozen-1 at 10.0.0.7) and by
    // short name (es-warm-1.search.internal).
    for (String[] h :
        new String[][] {
          {"es-client-1", "10.0.0.1"},
          {"es-master-1", "10.0.0.2"},
          {"es-master-2", "10.0.0.3"},
          {"es-master-3", "10.0.0.4"},
          {"search-7", "10.0.0.7"},
          {"es-cold-1", "10.0.0.6"},
          {"es-warm-1.search.internal", "10.9.9.9"},
          {"es-hot-1", "10.0.0.8"}
        }) {
      hosts.add(FakeContext.host(h[0], h[1], Map.of(NodeEndpoints.URL_VAR, url(h[0]))));
    }
  }

  private static String url(String host) {
    return "http://127.0.0.1:" + server.port() + "/" + host;
  }

  private Host host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
  }

  private FakeContext on(String name) {
    return new FakeContext(host(name), hosts);
  }

  private static String recorded(String name) {
    try (InputStream in =
        ElasticsearchDialectTest.class.getResourceAsStream("/elasticsearch-8/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void answer(String host, String path, String file) {
    server.stubFor(get(urlEqualTo("/" + host + path)).willReturn(okJson(recorded(file))));
  }

  private static void down(String host) {
    server.stubFor(
        any(urlPathMatching("/" + host + "/.*"))
            .atPriority(1)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
  }

  private static void up(String host) {
    server.getStubMappings().stream()
        .filter(m -> m.getPriority() != null && m.getPriority() == 1)
        .filter(m -> m.getRequest().getUrlPathPattern() != null)
        .filter(m -> m.getRequest().getUrlPathPattern().startsWith("/" + host + "/"))
        .toList()
        .forEach(server::removeStub);
  }

  private static void acceptsSetting(String host, String body) {
    server.stubFor(
        put(urlEqualTo("/" + host + "/_cluster/settings"))
            .withRequestBody(equalToJson(body))
            .willReturn(okJson(recorded("put-settings.json"))));
  }

  /** Every request so far, oldest first: {@code GET /es-hot-1/_cluster/health}, PUT with body. */
  private static List<String> requests() {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    List<String> requests = new ArrayList<>();
    for (ServeEvent event : events) {
      String line = event.getRequest().getMethod() + " " + event.getRequest().getUrl();
      String body = event.getRequest().getBodyAsString();
      requests.add(body == null || body.isEmpty() ? line : line + " " + body);
    }
    return requests;
  }

  private static TaskArgs settings(Map<String, Object> values) {
    return new TaskArgs(values);
  }

  // ------------------------------------------------------------------------------ discovery --

  @Test
  void discoveryAsksForTheVersionTheNodesAndTheElectedMasterInThatOrder() throws Exception {
    answer("es-client-1", "/", "root.json");
    answer("es-client-1", NODES, "nodes.json");
    answer("es-client-1", MASTER, "cat-master.json");

    ClusterView view =
        new ElasticsearchBehaviour()
            .discover(new FakeContext(null, hosts), settings(Map.of()), hosts);

    assertEquals(
        List.of(
            "GET /es-client-1/",
            "GET /es-client-1" + NODES,
            "GET /es-client-1/_cat/master?format=json&h=id,node"),
        requests());
    Map<String, String> found = new LinkedHashMap<>();
    for (ClusterMember member : view.members()) {
      found.put(member.id(), member.host() + " " + member.roles());
    }
    assertEquals(
        Map.of(
            "es-client-1", "es-client-1 [clients, almost, all]",
            "es-master-1", "es-master-1 [masters, almost, all]",
            "es-master-2", "es-master-2 [active, all]",
            "es-master-3", "es-master-3 [masters, almost, all]",
            "es-frozen-1", "search-7 [data, almost, all]",
            "es-cold-1", "es-cold-1 [data, almost, all]",
            "es-warm-1", "es-warm-1.search.internal [data, almost, all]",
            "es-hot-1", "es-hot-1 [data, almost, all]"),
        found);
    ClusterMember frozen =
        view.members().stream().filter(m -> m.id().equals("es-frozen-1")).findFirst().get();
    assertEquals("frozen", frozen.facts().get("tier"));
    assertEquals("f1dZm5V7Qn2r2m8uPZ4tKg", frozen.facts().get("node_id"));
    assertEquals(List.of("data_frozen"), frozen.facts().get("node_roles"));
    assertEquals(
        List.of(
            "Elasticsearch 8.15.3, cluster prod-search: 8 nodes, asked es-client-1",
            "elected master: es-master-2 on es-master-2"),
        view.notes());
  }

  @Test
  void aNodeNoHostRunsIsAMemberWithoutAHost() throws Exception {
    answer("es-client-1", "/", "root.json");
    answer("es-client-1", NODES, "nodes.json");
    answer("es-client-1", MASTER, "cat-master.json");
    hosts.removeIf(h -> h.name().equals("es-cold-1"));

    ClusterView view =
        new ElasticsearchBehaviour()
            .discover(new FakeContext(null, hosts), settings(Map.of()), hosts);

    ClusterMember cold =
        view.members().stream().filter(m -> m.id().equals("es-cold-1")).findFirst().get();
    assertNull(cold.host(), "rollrun refuses to roll, naming it");
  }

  @Test
  void discoveryAsksTheNextHostWhenTheFirstIsDown() throws Exception {
    down("es-client-1");
    answer("es-master-1", "/", "root.json");
    answer("es-master-1", NODES, "nodes.json");
    answer("es-master-1", MASTER, "cat-master.json");

    ClusterView view =
        new ElasticsearchBehaviour()
            .discover(new FakeContext(null, hosts), settings(Map.of()), hosts);

    assertEquals(
        List.of(
            "GET /es-client-1/",
            "GET /es-master-1/",
            "GET /es-master-1" + NODES,
            "GET /es-master-1/_cat/master?format=json&h=id,node"),
        requests());
    assertEquals(8, view.members().size());
  }

  @Test
  void theRollOrderIsClientsStandbyMastersDataByTierThenTheElectedMaster() throws Exception {
    answer("es-client-1", "/", "root.json");
    answer("es-client-1", NODES, "nodes.json");
    answer("es-client-1", MASTER, "cat-master.json");
    ElasticsearchBehaviour behaviour = new ElasticsearchBehaviour();
    ClusterView view = behaviour.discover(new FakeContext(null, hosts), settings(Map.of()), hosts);

    // As rollrun hands them to order() at run time: roles added, facts under discovered.
    List<Host> discovered = new ArrayList<>();
    for (Host h : hosts) {
      ClusterMember member =
          view.members().stream().filter(m -> h.name().equals(m.host())).findFirst().get();
      Map<String, Object> vars = new LinkedHashMap<>(h.vars());
      vars.put("discovered", member.facts());
      discovered.add(FakeContext.withRoles(h, member.roles(), vars));
    }

    assertEquals(
        List.of(
            "es-client-1",
            "es-master-1",
            "es-master-3",
            "search-7",
            "es-cold-1",
            "es-warm-1.search.internal",
            "es-hot-1",
            "es-master-2"),
        behaviour.order(discovered).stream().map(Host::name).toList());
  }

  // ---------------------------------------------------------------------- around a data node --

  @Test
  void aDataNodeIsCheckedHeldFlushedAwaitedAndGivenTheOperatorsSettingBack() throws Exception {
    answer("es-hot-1", "/_cluster/health", "health-green.json");
    answer("es-hot-1", NODES, "nodes.json");
    answer("es-hot-1", SHARDS, "shards.json");
    answer("es-hot-1", SETTINGS, "settings.json");
    acceptsSetting(
        "es-hot-1", "{\"persistent\":{\"cluster.routing.allocation.enable\":\"primaries\"}}");
    acceptsSetting("es-hot-1", "{\"persistent\":{\"cluster.routing.allocation.enable\":\"all\"}}");
    server.stubFor(post(urlEqualTo("/es-hot-1/_flush")).willReturn(okJson(recorded("flush.json"))));
    ElasticsearchBehaviour behaviour = new ElasticsearchBehaviour();
    FakeContext ctx = on("es-hot-1");
    TaskArgs none = settings(Map.of());

    List<Verdict> verdicts = new ArrayList<>();
    for (var check : behaviour.stopChecks()) {
      verdicts.add(check.check(ctx, none));
    }
    AllocationHold hold = new AllocationHold(Clock.systemUTC(), instantly(() -> up("es-hot-1")));
    String saved = hold.save(ctx, none);
    hold.before(ctx, none);
    // Stopped and started again: it does not answer at first, its peers do not list it yet.
    down("es-hot-1");
    answer("es-client-1", NODES, "nodes-without-es-hot-1.json");
    answer("es-hot-1", NODES, "nodes-es-hot-1-restarted.json");
    hold.after(ctx, none, saved);

    assertEquals(
        List.of(
            Verdict.safe("the cluster is green: 8 nodes, 6 active shards"),
            Verdict.safe("each of the 2 shards on es-hot-1 has another started copy")),
        verdicts);
    assertEquals(
        List.of(
            "GET /es-hot-1/_cluster/health",
            "GET /es-hot-1" + NODES,
            "GET /es-hot-1" + SHARDS,
            "GET /es-hot-1" + NODES,
            "GET /es-hot-1" + SETTINGS,
            "PUT /es-hot-1/_cluster/settings"
                + " {\"persistent\":{\"cluster.routing.allocation.enable\":\"primaries\"}}",
            "POST /es-hot-1/_flush",
            "GET /es-hot-1" + NODES,
            "GET /es-client-1" + NODES,
            "GET /es-hot-1" + NODES,
            "PUT /es-hot-1/_cluster/settings"
                + " {\"persistent\":{\"cluster.routing.allocation.enable\":\"all\"}}"),
        requests());
    assertEquals(
        List.of(
            "shard allocation held at primaries in persistent (it was all (persistent))",
            "flushed: 7 of 7 shard copies",
            "waiting for es-hot-1 to rejoin the cluster: not in the cluster yet",
            "es-hot-1 is in the cluster after 0s",
            "shard allocation put back to all (persistent)"),
        ctx.log);
  }

  @Test
  void aTransientValueIsHeldAndPutBackWhereItTakesEffect() throws Exception {
    answer("es-hot-1", NODES, "nodes.json");
    server.stubFor(
        get(urlEqualTo("/es-hot-1" + SETTINGS))
            .willReturn(
                okJson(
                    "{\"persistent\":{\"cluster.routing.allocation.enable\":\"none\"},"
                        + "\"transient\":{\"cluster.routing.allocation.enable\":\"all\"}}")));
    acceptsSetting(
        "es-hot-1", "{\"transient\":{\"cluster.routing.allocation.enable\":\"primaries\"}}");
    acceptsSetting("es-hot-1", "{\"transient\":{\"cluster.routing.allocation.enable\":\"all\"}}");
    FakeContext ctx = on("es-hot-1");
    TaskArgs noFlush = settings(Map.of("flush", false));
    AllocationHold hold = new AllocationHold(Clock.systemUTC(), instantly(() -> {}));

    String saved = hold.save(ctx, noFlush);
    hold.before(ctx, noFlush);
    hold.after(ctx, noFlush, saved);

    List<String> puts = requests().stream().filter(r -> r.startsWith("PUT")).toList();
    assertEquals(
        List.of(
            "PUT /es-hot-1/_cluster/settings"
                + " {\"transient\":{\"cluster.routing.allocation.enable\":\"primaries\"}}",
            "PUT /es-hot-1/_cluster/settings"
                + " {\"transient\":{\"cluster.routing.allocation.enable\":\"all\"}}"),
        puts,
        "the persistent none stays as the operator left it");
  }

  @Test
  void aSettingTheOperatorNeverSetIsRemovedAgainNotSetToAll() throws Exception {
    answer("es-hot-1", NODES, "nodes.json");
    server.stubFor(
        get(urlEqualTo("/es-hot-1" + SETTINGS))
            .willReturn(okJson("{\"persistent\":{},\"transient\":{}}")));
    acceptsSetting(
        "es-hot-1", "{\"persistent\":{\"cluster.routing.allocation.enable\":\"primaries\"}}");
    acceptsSetting("es-hot-1", "{\"persistent\":{\"cluster.routing.allocation.enable\":null}}");
    FakeContext ctx = on("es-hot-1");
    TaskArgs noFlush = settings(Map.of("flush", false));
    AllocationHold hold = new AllocationHold(Clock.systemUTC(), instantly(() -> {}));

    String saved = hold.save(ctx, noFlush);
    hold.before(ctx, noFlush);
    // rollrun journals it; after a crash, recover hands it to a wrapper of a new process.
    new AllocationHold(Clock.systemUTC(), instantly(() -> {})).after(ctx, noFlush, saved);

    assertEquals(
        "PUT /es-hot-1/_cluster/settings {\"persistent\":{\"cluster.routing.allocation.enable\":null}}",
        requests().get(requests().size() - 1));
    assertEquals("shard allocation put back to unset (persistent)", last(ctx.log));
  }

  @Test
  void aNodeThatNeverRejoinsStillGetsTheSettingBackThroughAPeerAndFailsItsStep() throws Exception {
    answer("es-client-1", NODES, "nodes-without-es-hot-1.json");
    acceptsSetting(
        "es-client-1", "{\"persistent\":{\"cluster.routing.allocation.enable\":\"all\"}}");
    down("es-hot-1");
    String saved =
        new SavedAllocation("es-hot-1", "h1pL7aQ4Rw2gT0sXn5oEfA", 1732950008000L, "all", null)
            .toJson();
    MovingClock clock = new MovingClock();
    AllocationHold hold = new AllocationHold(clock, clock::advance);
    FakeContext ctx = on("es-hot-1");

    RollrunException failed =
        assertThrows(
            RollrunException.class,
            () -> hold.after(ctx, settings(Map.of("rejoin-timeout", "30s")), saved));

    assertEquals(
        "es-hot-1 did not rejoin the cluster within 30s"
            + " (shard allocation put back to all (persistent))",
        failed.getMessage());
    assertEquals(
        "PUT /es-client-1/_cluster/settings"
            + " {\"persistent\":{\"cluster.routing.allocation.enable\":\"all\"}}",
        last(requests()));
    // Polled every second from 0s to 30s, each time asking es-hot-1, then a peer.
    assertEquals(2 * 31, requests().stream().filter(r -> r.contains(NODES)).count());
  }

  @Test
  void recoverPutsTheOperatorsSettingBackAtOnceThroughAPeerWhileTheNodeStaysDown()
      throws Exception {
    acceptsSetting(
        "es-client-1", "{\"transient\":{\"cluster.routing.allocation.enable\":\"all\"}}");
    down("es-hot-1");
    String saved =
        new SavedAllocation("es-hot-1", "h1pL7aQ4Rw2gT0sXn5oEfA", 1732950008000L, "none", "all")
            .toJson();
    MovingClock clock = new MovingClock();
    AllocationHold hold = new AllocationHold(clock, clock::advance);
    FakeContext ctx = on("es-hot-1");

    // rollrun recover starts no node: waiting for this one to rejoin would wait in vain.
    hold.recover(ctx, settings(Map.of("rejoin-timeout", "10m")), saved);

    assertEquals(
        "PUT /es-client-1/_cluster/settings"
            + " {\"transient\":{\"cluster.routing.allocation.enable\":\"all\"}}",
        last(requests()));
    assertEquals(
        0, requests().stream().filter(r -> r.contains(NODES)).count(), requests().toString());
    assertEquals(List.of("shard allocation put back to all (transient)"), ctx.log);
  }

  @Test
  void aNodeWithoutDataIsLeftAlone() throws Exception {
    answer("es-master-1", NODES, "nodes.json");
    FakeContext ctx = on("es-master-1");
    AllocationHold hold = new AllocationHold(Clock.systemUTC(), instantly(() -> {}));

    String saved = hold.save(ctx, settings(Map.of()));
    hold.before(ctx, settings(Map.of()));
    hold.after(ctx, settings(Map.of()), saved);

    assertNull(saved);
    assertEquals(List.of("GET /es-master-1" + NODES), requests());
    assertEquals(List.of("es-master-1 holds no data: shard allocation is left as it is"), ctx.log);
  }

  // --------------------------------------------------------------------------- stop checks --

  @Test
  void aYellowClusterIsNotSafeToStopAndTheClusterSaysWhy() throws Exception {
    answer("es-hot-1", "/_cluster/health", "health-yellow.json");
    answer("es-hot-1", "/_cluster/allocation/explain", "explain.json");

    Verdict verdict = new ClusterGreen().check(on("es-hot-1"), settings(Map.of()));

    assertFalse(verdict.safe());
    assertEquals(
        "the cluster is yellow (1 unassigned, 0 initializing, 0 relocating shards);"
            + " logs-2024.11[1] replica unassigned: The node containing this shard copy recently"
            + " left the cluster. Elasticsearch is waiting for it to return. If the node does not"
            + " return within [58.5s] then Elasticsearch will allocate this shard to another node."
            + " Please wait.",
        verdict.reason());
    assertEquals(
        List.of("GET /es-hot-1/_cluster/health", "GET /es-hot-1/_cluster/allocation/explain"),
        requests());
  }

  @Test
  void aShardWhoseOnlyStartedCopyIsOnTheNodeRefusesItsStop() throws Exception {
    answer("search-7", NODES, "nodes.json");
    answer("search-7", SHARDS, "shards.json");

    Verdict verdict = new StartedCopies().check(on("search-7"), settings(Map.of()));

    assertEquals(
        Verdict.unsafe(
            "stopping es-frozen-1 would leave 1 shard with no started copy: scratch[0] (primary)"),
        verdict);
  }

  // ------------------------------------------------------------------- reaching the cluster --

  @Test
  void basicCredentialsGoInAHeaderAndNeverIntoAMessage() throws Exception {
    server.stubFor(
        get(urlEqualTo("/es-hot-1/_cluster/health"))
            .withHeader("Authorization", equalTo("Basic cm9sbHJ1bjpzM2NyZXQtcGFzc3dvcmQ="))
            .willReturn(okJson(recorded("health-green.json"))));
    server.stubFor(
        get(urlEqualTo("/es-hot-1/_cluster/health"))
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(recorded("unauthorized.json"))));

    Verdict verdict =
        new ClusterGreen()
            .check(
                on("es-hot-1"), settings(Map.of("user", "rollrun", "password", "s3cret-password")));
    RollrunException refused =
        assertThrows(
            RollrunException.class,
            () ->
                new ClusterGreen()
                    .check(
                        on("es-hot-1"),
                        settings(Map.of("user", "rollrun", "password", "wrong-password"))));

    assertTrue(verdict.safe(), verdict.reason());
    assertEquals(
        "GET /_cluster/health on es-hot-1: 401 security_exception: unable to authenticate user"
            + " [rollrun] for REST request [/_cluster/health] (check the settings' user and"
            + " password, or api-key)",
        refused.getMessage());
    assertFalse(refused.getMessage().contains("wrong-password"));
  }

  @Test
  void anApiKeyGoesInItsOwnHeader() throws Exception {
    server.stubFor(
        get(urlEqualTo("/es-hot-1/_cluster/health"))
            .withHeader("Authorization", equalTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAy"))
            .willReturn(okJson(recorded("health-green.json"))));

    Verdict verdict =
        new ClusterGreen()
            .check(
                on("es-hot-1"),
                settings(Map.of("api-key", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAy")));

    assertTrue(verdict.safe(), verdict.reason());
  }

  @Test
  void viaSshTheNodesOwnAddressIsForwardedThroughItsSession() throws Exception {
    answer("es-hot-1", "/_cluster/health", "health-green.json");
    Host node =
        FakeContext.host(
            "es-hot-1", "10.0.0.8", Map.of(NodeEndpoints.URL_VAR, "http://10.0.0.8:9200/es-hot-1"));
    FakeContext ctx =
        new FakeContext(
            node, List.of(node), new java.net.InetSocketAddress("127.0.0.1", server.port()));

    Verdict verdict = new ClusterGreen().check(ctx, settings(Map.of("via", "ssh")));

    assertTrue(verdict.safe(), verdict.reason());
    assertEquals(List.of("es-hot-1 -> 10.0.0.8:9200"), ctx.tunnels);
  }

  // ------------------------------------------------------------------------------- helpers --

  /** A pause that takes no time and runs {@code then} on its first use. */
  private static Pause instantly(Runnable then) {
    boolean[] ran = {false};
    return duration -> {
      if (!ran[0]) {
        ran[0] = true;
        then.run();
      }
    };
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  /** A clock that moves only when paused on. */
  private static final class MovingClock extends Clock {
    private Instant now = Instant.parse("2024-11-30T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

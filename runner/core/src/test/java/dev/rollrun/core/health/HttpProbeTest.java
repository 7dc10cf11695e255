package dev.rollrun.core.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.rollrun.api.Host;
import dev.rollrun.core.config.Comparison;
import dev.rollrun.core.config.JsonCheck;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http:} against a real HTTP server (WireMock) on loopback, TLS with a test CA included. */
class HttpProbeTest {

  @TempDir static Path tls;

  private static WireMockServer server;
  private static Path caFile;

  private final FakeClock clock = new FakeClock();
  private final List<RunEvent> events = new ArrayList<>();
  private final ProbeByKind probes = ProbeByKind.standard(null, Duration.ofSeconds(5));
  private final Host node =
      new Host("es-1", "127.0.0.1", 22, null, null, List.of(), null, null, Map.of());

  @BeforeAll
  static void start() throws Exception {
    Path keystore = tls.resolve("server.p12");
    caFile = tls.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        caFile.toString());
    server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .port(0)
                .httpsPort(0)
                .keystorePath(keystore.toString())
                .keystorePassword("changeit")
                .keyManagerPassword("changeit")
                .keystoreType("PKCS12"));
    server.start();
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private static PlannedCondition.HttpCheck http(String url, List<JsonCheck> json, String value) {
    return http(url, json, value, null, null, false, Duration.ofSeconds(10));
  }

  private static PlannedCondition.HttpCheck http(
      String url,
      List<JsonCheck> json,
      String value,
      Command token,
      String ca,
      boolean insecure,
      Duration timeout) {
    return new PlannedCondition.HttpCheck(
        null,
        Command.plain(url),
        "GET",
        null,
        Map.of(),
        null,
        null,
        token,
        ca,
        insecure,
        timeout,
        List.of(200),
        json,
        value,
        Via.DIRECT);
  }

  private static JsonCheck check(String path, Comparison.Operator op, Object operand) {
    return new JsonCheck(path, List.of(new Comparison(op, operand, null)), null);
  }

  private ProbeResult probe(PlannedCondition condition) {
    return probes.probe(node, condition);
  }

  @Test
  void elasticsearchGoesYellowYellowGreenAndTheGatePassesOnGreenWithoutRelocations()
      throws Exception {
    String path = "/_cluster/health";
    String[] states = {Scenario.STARTED, "yellow-2", "green"};
    String[] bodies = {
      "{\"status\":\"yellow\",\"relocating_shards\":2}",
      "{\"status\":\"yellow\",\"relocating_shards\":1}",
      "{\"status\":\"green\",\"relocating_shards\":0}"
    };
    for (int i = 0; i < states.length; i++) {
      server.stubFor(
          get(path)
              .inScenario("es")
              .whenScenarioStateIs(states[i])
              .willReturn(aResponse().withStatus(200).withBody(bodies[i]))
              .willSetStateTo(states[Math.min(i + 1, states.length - 1)]));
    }
    PlannedCondition.HttpCheck es =
        http(
            url(path),
            List.of(
                check("$.status", Comparison.Operator.EQUALS, "green"),
                check("$.relocating_shards", Comparison.Operator.EQUALS, 0L)),
            "$.status");
    PlannedGate gate =
        new PlannedGate(Duration.ofSeconds(5), 2, Duration.ofMinutes(1), List.of(es));
    try (HealthGateWaiter waiter =
        new HealthGateWaiter(probes, clock, clock.sleeper(), events::add)) {
      Duration took =
          waiter.await("es", gate, List.of(new HealthGateWaiter.Target(node, gate)), () -> false);
      assertEquals(Duration.ofSeconds(15), took, "yellow, yellow, green, green");
    }
    var progress = events.stream().filter(e -> e instanceof RunEvent.GateProgress).toList();
    RunEvent.GateProgress first = (RunEvent.GateProgress) progress.get(0);
    assertEquals("es-1: $.status=yellow", first.observations().get(0).summary());
    assertTrue(first.problem().contains("$.status is \"yellow\" (want == green)"), first.problem());
  }

  @Test
  void aJsonCheckComparedWithAnotherValueOfTheAnswerSaysWhatThatValueWas() {
    JsonCheck inSync =
        check(
            "$.sum($.synced_followers, 1)",
            Comparison.Operator.EQUALS,
            new dev.rollrun.core.config.AnswerPath("$.quorum_size"));
    server.stubFor(
        get("/mntr")
            .willReturn(aResponse().withBody("{\"synced_followers\": 1, \"quorum_size\": 3}")));
    ProbeResult lagging = probe(http(url("/mntr"), List.of(inSync), "$.synced_followers"));
    assertFalse(lagging.holds());
    assertTrue(
        lagging.problem().endsWith("$.sum($.synced_followers, 1) is 2 (want == 3)"),
        lagging.problem());
    server.stubFor(
        get("/mntr")
            .willReturn(aResponse().withBody("{\"synced_followers\": 2, \"quorum_size\": 3}")));
    assertTrue(probe(http(url("/mntr"), List.of(inSync), "$.synced_followers")).holds());
    server.stubFor(get("/mntr").willReturn(aResponse().withBody("{\"synced_followers\": 2}")));
    ProbeResult noSize = probe(http(url("/mntr"), List.of(inSync), "$.synced_followers"));
    assertFalse(noSize.holds());
    assertTrue(
        noSize.problem().endsWith("is compared with $.quorum_size, which is not in the response"),
        noSize.problem());
  }

  @Test
  void aStatusOtherThanExpectedIsUnhealthyAndSaysWhichItWas() {
    server.stubFor(get("/ready").willReturn(aResponse().withStatus(500).withBody("boom")));
    ProbeResult result = probe(http(url("/ready"), List.of(), null));
    assertFalse(result.holds());
    assertTrue(result.problem().endsWith(": status 500 (want 200)"), result.problem());
    server.stubFor(get("/ready").willReturn(aResponse().withStatus(200)));
    assertTrue(probe(http(url("/ready"), List.of(), null)).holds(), "a readiness endpoint's 200");
  }

  @Test
  void aResponseSlowerThanTheTimeoutIsUnhealthy() {
    server.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(3_000).withBody("{}")));
    long start = System.nanoTime();
    ProbeResult result =
        probe(http(url("/slow"), List.of(), null, null, null, false, Duration.ofMillis(300)));
    assertTrue(
        System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "the request was not waited out");
    assertEquals(url("/slow") + ": no answer within 300ms", result.problem());
  }

  @Test
  void malformedJsonIsAMissingValueNotAnError() {
    server.stubFor(get("/h").willReturn(aResponse().withBody("{\"status\": gre")));
    ProbeResult result =
        probe(
            http(url("/h"), List.of(check("$.status", Comparison.Operator.EQUALS, "green")), null));
    assertFalse(result.holds());
    assertTrue(result.problem().contains("the response is not JSON"), result.problem());
    assertTrue(result.missing() != null, "no value, never 0");
  }

  @Test
  void aTenMegabyteBodyIsNotReadIntoMemory() {
    server.stubFor(get("/big").willReturn(aResponse().withBody(new byte[10 * 1024 * 1024])));
    ProbeResult result =
        probe(http(url("/big"), List.of(check("$.x", Comparison.Operator.EXISTS, true)), null));
    assertEquals(url("/big") + ": response body larger than 4 MiB, not read", result.problem());
  }

  @Test
  void redirectsAreFollowed() {
    server.stubFor(
        get("/old").willReturn(aResponse().withStatus(302).withHeader("Location", "/new")));
    server.stubFor(get("/new").willReturn(aResponse().withBody("{\"value\": 0}")));
    ProbeResult result = probe(http(url("/old"), List.of(), "$.value"));
    assertTrue(result.holds(), String.valueOf(result.problem()));
    assertEquals(0, ((Number) result.value()).intValue());
  }

  @Test
  void tlsIsVerifiedAgainstTheGivenCaAndInsecureMustBeSaid() {
    server.stubFor(get("/h").willReturn(aResponse().withBody("{\"status\":\"green\"}")));
    String https = "https://127.0.0.1:" + server.httpsPort() + "/h";
    List<JsonCheck> green = List.of(check("$.status", Comparison.Operator.EQUALS, "green"));
    ProbeResult untrusted = probe(http(https, green, null));
    assertTrue(untrusted.problem().contains("TLS handshake failed"), untrusted.problem());
    ProbeResult withCa =
        probe(http(https, green, null, null, caFile.toString(), false, Duration.ofSeconds(10)));
    assertTrue(withCa.holds(), String.valueOf(withCa.problem()));
    ProbeResult insecure =
        probe(http(https, green, null, null, null, true, Duration.ofSeconds(10)));
    assertTrue(insecure.holds(), String.valueOf(insecure.problem()));
  }

  @Test
  void aBearerTokenAndAPostBodyAreSent() {
    server.stubFor(
        post("/jolokia")
            .withHeader("Authorization", equalTo("Bearer s3cret"))
            .withRequestBody(equalToJson("{\"type\":\"read\"}"))
            .willReturn(aResponse().withBody("{\"value\": 12}")));
    PlannedCondition.HttpCheck jolokia =
        new PlannedCondition.HttpCheck(
            null,
            Command.plain(url("/jolokia")),
            "POST",
            Command.plain("{\"type\":\"read\"}"),
            Map.of(),
            null,
            null,
            new Command("<secret:token>", "s3cret"),
            null,
            false,
            Duration.ofSeconds(10),
            List.of(200),
            List.of(),
            "$.value",
            Via.DIRECT);
    ProbeResult result = probe(jolokia);
    assertTrue(result.holds(), String.valueOf(result.problem()));
    assertEquals(12, ((Number) result.value()).intValue());
  }

  @Test
  void aComparisonOfTheWrongTypeNamesTheValueSeen() {
    server.stubFor(get("/h").willReturn(aResponse().withBody("{\"shards\":\"many\"}")));
    ProbeResult result =
        probe(http(url("/h"), List.of(check("$.shards", Comparison.Operator.LESS, 3L)), null));
    assertTrue(
        result.problem().endsWith("$.shards value \"many\" is not a number (want < 3)"),
        result.problem());
  }

  @Test
  void caFileMustExist() throws Exception {
    Path missing = tls.resolve("nope.pem");
    assertFalse(Files.exists(missing));
    ProbeResult result =
        probe(
            http(
                "https://127.0.0.1:" + server.httpsPort() + "/h",
                List.of(),
                null,
                null,
                missing.toString(),
                false,
                Duration.ofSeconds(10)));
    assertTrue(result.problem().contains("cannot read the CA file"), result.problem());
  }
}

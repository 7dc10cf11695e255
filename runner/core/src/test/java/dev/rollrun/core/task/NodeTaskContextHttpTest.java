package dev.rollrun.core.task;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollrun.api.HttpCall;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellResult;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link NodeTaskContext#http}: any method, the plugin's headers sent, the server's returned. */
class NodeTaskContextHttpTest {

  private static WireMockServer server;

  private final NodeTaskContext context =
      new NodeTaskContext(
          null,
          new Shell() {
            @Override
            public ShellResult run(
                dev.rollrun.api.Host host,
                dev.rollrun.core.shell.ShellCommand command,
                LineListener lines) {
              throw new AssertionError("no command runs here");
            }

            @Override
            public String connect(dev.rollrun.api.Host host) {
              throw new AssertionError("no host is connected here");
            }

            @Override
            public void close() {}
          },
          Shell.LineListener.NONE,
          Duration.ofSeconds(5),
          new Redactor(Map.of("token", "t0ps3cret")));

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void aPutSendsItsHeadersAndBodyAndReturnsTheResponseHeaders() {
    server.stubFor(
        put(urlEqualTo("/v1/kv/flag?cas=7"))
            .withHeader("X-Consul-Token", equalTo("t0ps3cret"))
            .willReturn(aResponse().withHeader("X-Consul-Index", "42").withBody("true")));
    HttpReply reply =
        context.http(
            HttpCall.put(server.baseUrl() + "/v1/kv/flag?cas=7", "START")
                .header("X-Consul-Token", "t0ps3cret"));
    assertEquals(200, reply.status());
    assertEquals("true", reply.body());
    assertEquals("42", reply.header("x-consul-index"));
    server.verify(
        putRequestedFor(urlEqualTo("/v1/kv/flag?cas=7"))
            .withRequestBody(equalTo("START"))
            .withHeader("X-Consul-Token", equalTo("t0ps3cret")));
  }

  @Test
  void aRequestLongerThanItsTimeoutFailsNamingTheUrlButNeverAHeader() {
    server.stubFor(
        get(urlEqualTo("/slow")).willReturn(aResponse().withFixedDelay(2000).withBody("late")));
    RollrunException e =
        assertThrows(
            RollrunException.class,
            () ->
                context.http(
                    HttpCall.get(server.baseUrl() + "/slow")
                        .header("X-Consul-Token", "t0ps3cret")
                        .timeout(Duration.ofMillis(300))));
    assertTrue(
        e.getMessage().startsWith("HTTP GET " + server.baseUrl() + "/slow: "), e.getMessage());
    assertFalse(e.getMessage().contains("t0ps3cret"), e.getMessage());
  }
}

package dev.rollrun.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notify:} during real rolls of the demo fleet: a webhook (WireMock standing in for Slack)
 * gets a JSON POST on the run's start, each node done and its end, a local command gets the events
 * in its environment; a webhook that fails or does not answer is a warning and the roll neither
 * fails nor waits; secrets in the URL and headers are never printed; bad notify: entries are
 * refused by validate at their file:line:column.
 */
class NotificationsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_PATH = "T000/B000/xoxb-s3cr3t-hook";
  private static final String SECRET_TOKEN = "tok-9f8e7d6c5b4a";

  @TempDir Path dir;
  private WireMockServer hooks;

  @BeforeEach
  void startHooks() {
    hooks = new WireMockServer(options().bindAddress("127.0.0.1").port(0));
    hooks.start();
  }

  @AfterEach
  void stopHooks() {
    hooks.stop();
  }

  private Path secrets() throws Exception {
    Path secrets = dir.resolve("secrets.yml");
    Files.writeString(secrets, "hook: " + SECRET_PATH + "\ntoken: " + SECRET_TOKEN + "\n");
    return secrets;
  }

  private Path playbook(String notify) throws Exception {
    Path playbook = dir.resolve("notified.yml");
    Files.writeString(
        playbook,
        """
        name: notified demo
        inventory: demo:3
        service: { name: demo, stop: demo-service stop, start: demo-service start }
        health:
          interval: 200ms
          consecutive: 2
          timeout: 20s
          all: [ { tcp: { port: "{{ host.vars.service_port }}" } } ]
        notify:
        """
            + notify.replace("PORT", Integer.toString(hooks.port())));
    return playbook;
  }

  private CommandLineRun roll(Path playbook) throws Exception {
    return CommandLineRun.of(
        playbook.toString(),
        "--commit",
        "--yes",
        "-e",
        "@" + secrets(),
        "--state-dir",
        dir.resolve("state").toString());
  }

  private static String text(LoggedRequest request) {
    try {
      JsonNode body = JSON.readTree(request.getBodyAsString());
      return body.path("text").asText();
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + request.getBodyAsString(), e);
    }
  }

  @Test
  void aRollTellsTheWebhookAndTheCommandOfItsStartEachNodeAndItsEnd() throws Exception {
    hooks.stubFor(
        post(urlEqualTo("/services/" + SECRET_PATH)).willReturn(aResponse().withStatus(200)));
    Path told = dir.resolve("told.txt");
    Path playbook =
        playbook(
            """
              - webhook: "http://127.0.0.1:PORT/services/{{ vars.hook }}"
                headers: { Authorization: "Bearer {{ vars.token }}" }
              - command: 'echo "$ROLLRUN_EVENT $ROLLRUN_HOST $(cat)" >> TOLD'
                on: [node-done, run-finished]
            """
                .replace("TOLD", told.toString()));
    CommandLineRun run = roll(playbook);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String printed = run.out() + run.err();
    assertFalse(printed.contains("warning"), printed);
    assertFalse(printed.contains(SECRET_PATH), "the hook's secret path is never printed");
    assertFalse(printed.contains(SECRET_TOKEN), "the token is never printed");

    List<LoggedRequest> posts =
        hooks.findAll(
            postRequestedFor(urlEqualTo("/services/" + SECRET_PATH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET_TOKEN)));
    List<String> texts = posts.stream().map(NotificationsTest::text).toList();
    assertEquals(5, texts.size(), "start, three nodes, end: " + texts);
    assertTrue(
        texts.get(0).startsWith("rollrun: rolling notified demo (3 node(s) in 3 batch(es), plan "),
        texts.get(0));
    assertEquals("rollrun: demo-1 done (1 of 3) in notified demo", texts.get(1));
    assertEquals("rollrun: demo-3 done (3 of 3) in notified demo", texts.get(3));
    assertTrue(
        texts.get(4).startsWith("rollrun: notified demo done: 3 of 3 node(s) done in "),
        texts.get(4));

    List<String> lines = Files.readAllLines(told);
    assertEquals(4, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).startsWith("node-done demo-1 {\"kind\":\"node-done\",\"text\":"),
        lines.get(0));
    assertTrue(lines.get(3).startsWith("run-finished  {\"kind\":\"run-finished\""), lines.get(3));
    assertTrue(lines.get(3).contains("\"outcome\":\"done\""), lines.get(3));
  }

  @Test
  void aFailingOrSlowWebhookIsAWarningAndTheRollNeitherFailsNorWaits() throws Exception {
    hooks.stubFor(
        post(urlEqualTo("/broken"))
            .willReturn(aResponse().withStatus(500).withBody("invalid_token " + SECRET_TOKEN)));
    hooks.stubFor(
        post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
    Path playbook =
        playbook(
            """
              - webhook: "http://127.0.0.1:PORT/broken"
                on: [run-started]
              - webhook: "http://127.0.0.1:PORT/slow"
                body: { text: "{{ event.text }}", token: "{{ vars.token }}" }
                timeout: 3s
              - command: "sleep 30"
                on: [run-started]
                timeout: 500ms
            """);
    long began = System.nanoTime();
    CommandLineRun run = roll(playbook);
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    String out = run.out();
    assertEquals(0, run.exitCode(), out + run.err());
    assertTrue(out.contains("roll done: 3 of 3 node(s) done"), out);
    int port = hooks.port();
    assertTrue(
        out.contains(
            "warning: notify[0] (webhook) to 127.0.0.1:"
                + port
                + " on run-started was not sent: HTTP 500: invalid_token <secret:token> (the roll goes on)"),
        out);
    assertTrue(
        out.contains(
            "warning: notify[1] (webhook) to 127.0.0.1:"
                + port
                + " on run-started was not sent: no answer within 3s"),
        out);
    assertTrue(
        out.contains(
            "warning: notify[2] (command) on run-started was not sent: the command did not finish within 500ms; it was stopped"),
        out);
    assertFalse(out.contains(SECRET_TOKEN), "the token in a response is hidden too");
    // Five slow events in a row would hold a blocking roll up 5 x 3 s; the roll's own time shows
    // none of it. What is still queued at the end is given up after the longest timeout.
    Matcher took = Pattern.compile("roll done: 3 of 3 node\\(s\\) done in ([0-9.]+)s").matcher(out);
    assertTrue(took.find(), out);
    assertTrue(Double.parseDouble(took.group(1)) < 14, "the roll did not wait: " + took.group());
    assertTrue(
        out.contains("notification(s) were still waiting to be sent when the run ended: given up"),
        out);
    assertTrue(tookMs < 60_000, "ended within its bounds: " + tookMs + "ms");
  }

  @Test
  void validateRefusesBadNotificationsAtTheirPlace() throws Exception {
    Path playbook =
        playbook(
            """
              - command: 'notify-send "{{ event.text }}"'
              - webhook: "http://127.0.0.1:PORT/x"
                command: "true"
              - webhook: "http://127.0.0.1:PORT/{{ vars.nope }}"
                timeout: 5m
            """);
    CommandLineRun run = CommandLineRun.of("validate", playbook.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    String err = run.err();
    assertTrue(
        err.contains(
            "notified.yml:11:5: notify[1]: give either webhook: (a URL) or command: (a command line)"),
        err);
    assertTrue(err.contains("notified.yml:14:14: notify[2]: timeout: between 1ms and 1m"), err);
    CommandLineRun templates =
        CommandLineRun.of(
            "validate",
            playbook(
                    """
                      - command: 'notify-send "{{ event.text }}"'
                      - webhook: "http://127.0.0.1:PORT/{{ vars.nope }}"
                    """)
                .toString());
    assertEquals(2, templates.exitCode(), templates.out() + templates.err());
    assertTrue(
        templates
            .err()
            .contains("notified.yml:10:14: undefined variable \"event\" for notify[0] (command)"),
        templates.err());
    assertTrue(
        templates
            .err()
            .contains(
                "notified.yml:11:14: undefined variable \"vars.nope\" for notify[1] (webhook)"),
        templates.err());
  }
}

package dev.rollrun.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven through its DevTools protocol: loads a page, reports what the
 * page logged as an error (console errors, uncaught exceptions, failed loads), evaluates JavaScript
 * in it and takes screenshots. Started on a profile of its own in a temporary directory; closing
 * ends the browser.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process browser;
  private WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process browser) {
    this.browser = browser;
  }

  static HeadlessChromium start(Path profile, int width, int height) throws Exception {
    Process browser =
        new ProcessBuilder(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String browserUrl = browserUrl(browser);
      URI endpoint = URI.create(browserUrl);
      HttpClient http = HttpClient.newHttpClient();
      String list =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + endpoint.getAuthority() + "/json/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      String page = null;
      for (JsonNode target : JSON.readTree(list)) {
        if (target.path("type").asText().equals("page")) {
          page = target.path("webSocketDebuggerUrl").asText();
        }
      }
      if (page == null) {
        throw new IOException("chromium has no page to drive: " + list);
      }
      HeadlessChromium chromium = new HeadlessChromium(browser);
      chromium.socket =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(page), chromium.listener())
              .get(20, TimeUnit.SECONDS);
      chromium.call("Runtime.enable", JSON.createObjectNode());
      chromium.call("Log.enable", JSON.createObjectNode());
      chromium.call("Page.enable", JSON.createObjectNode());
      return chromium;
    } catch (Exception e) {
      browser.destroyForcibly();
      throw e;
    }
  }

  private static String browserUrl(Process browser) throws IOException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (err.readLine() != null) {
                      // chromium's own log: not the page's
                    }
                  } catch (IOException e) {
                    // the browser ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new IOException("chromium did not open its DevTools endpoint:\n" + seen);
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder frame = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        frame.append(data);
        if (last) {
          String text = frame.toString();
          frame.setLength(0);
          received(text);
        }
        webSocket.request(1);
        return null;
      }
    };
  }

  private void received(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = answers.remove(message.path("id").asInt());
        if (answer != null) {
          answer.complete(message);
        }
        return;
      }
      events.add(message);
      String method = message.path("method").asText();
      JsonNode params = message.path("params");
      if (method.equals("Runtime.consoleAPICalled")
          && List.of("error", "assert").contains(params.path("type").asText())) {
        errors.add("console." + params.path("type").asText() + ": " + params.path("args"));
      } else if (method.equals("Runtime.exceptionThrown")) {
        errors.add("uncaught: " + params.path("exceptionDetails"));
      } else if (method.equals("Log.entryAdded")
          && params.path("entry").path("level").asText().equals("error")) {
        errors.add("log: " + params.path("entry").path("text").asText());
      }
    } catch (IOException e) {
      errors.add("unreadable DevTools message: " + text);
    }
  }

  JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    answers.put(id, answer);
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", params);
    socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    JsonNode result = answer.get(30, TimeUnit.SECONDS);
    if (result.has("error")) {
      throw new IOException(method + ": " + result.path("error"));
    }
    return result.path("result");
  }

  /** Loads {@code url} and waits for its load event. */
  void open(String url) throws Exception {
    int before = events.size();
    ObjectNode params = JSON.createObjectNode();
    params.put("url", url);
    call("Page.navigate", params);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (int i = before; i < events.size(); i++) {
        if (events.get(i).path("method").asText().equals("Page.loadEventFired")) {
          Thread.sleep(300); // late console messages
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new IOException("the page never finished loading: " + url);
  }

  /** Evaluates {@code expression} in the page; its value (JSON values come back as they are). */
  JsonNode evaluate(String expression) throws Exception {
    ObjectNode params = JSON.createObjectNode();
    params.put("expression", expression);
    params.put("returnByValue", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new IOException(expression + ": " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** A PNG of the whole page. */
  byte[] screenshot() throws Exception {
    ObjectNode params = JSON.createObjectNode();
    params.put("format", "png");
    params.put("captureBeyondViewport", true);
    return java.util.Base64.getDecoder()
        .decode(call("Page.captureScreenshot", params).path("data").asText());
  }

  /** What the page logged as an error since it was opened. */
  List<String> errors() {
    return new ArrayList<>(errors);
  }

  @Override
  public void close() {
    List<ProcessHandle> children = browser.descendants().toList();
    try {
      call("Browser.close", JSON.createObjectNode());
    } catch (Exception e) {
      // it is destroyed below
    }
    socket.abort();
    try {
      if (!browser.waitFor(10, TimeUnit.SECONDS)) {
        browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      browser.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}

package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's REST API over HTTP(S), with the settings' credentials and trust. A call names the
 * node to ask, or several in order: the first that answers is the answer. A node answers unless it
 * cannot be reached or says it is not part of a cluster yet (502, 503, 504): a restarted node that
 * has not rejoined, say. Credentials go in a header, never in a URL or a message; deprecation
 * warnings the cluster sends back are logged once each, naming the call.
 */
final class ClusterHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  /** The cluster's answer to one request. */
  record Answer(Host node, String method, String path, int status, String body) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The body as JSON, when the status is 2xx; else fails with the cluster's reason. */
    JsonNode json() {
      if (!ok()) {
        throw new RollrunException(
            method + " " + path + " on " + node.name() + ": " + status + " " + reason(body));
      }
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new RollrunException(
            method + " " + path + " on " + node.name() + ": not JSON: " + abbreviate(body));
      }
    }
  }

  private final ElasticsearchSettings settings;
  private final TaskContext context;
  private final NodeEndpoints endpoints;
  private final HttpClient client;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  ClusterHttp(ElasticsearchSettings settings, TaskContext context) {
    this.settings = settings;
    this.context = context;
    this.endpoints = new NodeEndpoints(settings, context);
    this.client =
        CLIENTS.computeIfAbsent(
            settings.ca() + "|" + settings.insecure(),
            key ->
                HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .sslContext(HttpTls.context(settings.ca(), settings.insecure()))
                    .build());
  }

  NodeEndpoints endpoints() {
    return endpoints;
  }

  TaskContext context() {
    return context;
  }

  /** {@code first}, then every other host of the cluster: whom to ask about the cluster. */
  List<Host> startingWith(Host first) {
    List<Host> order = new ArrayList<>();
    if (first != null) {
      order.add(first);
    }
    for (Host host : context.cluster()) {
      if (first == null || !host.name().equals(first.name())) {
        order.add(host);
      }
    }
    return order;
  }

  /** GET {@code path} from the first of {@code nodes} that answers. */
  Answer get(List<Host> nodes, String path) throws InterruptedException {
    return first(nodes, "GET", path, null);
  }

  /** {@code method path} with a JSON body (or none) to the first of {@code nodes} that answers. */
  Answer first(List<Host> nodes, String method, String path, String body)
      throws InterruptedException {
    List<String> unreachable = new ArrayList<>();
    for (Host node : nodes) {
      try {
        Answer answer = call(node, method, path, body);
        if (answer.status() == 502 || answer.status() == 503 || answer.status() == 504) {
          unreachable.add(node.name() + ": " + answer.status() + " " + reason(answer.body()));
          continue;
        }
        return answer;
      } catch (Unreachable e) {
        unreachable.add(node.name() + ": " + e.getMessage());
      }
    }
    throw new RollrunException(
        "no node answered "
            + method
            + " "
            + path
            + (unreachable.isEmpty() ? "" : " (" + String.join("; ", unreachable) + ")"));
  }

  /** One request to one node. */
  Answer call(Host node, String method, String path, String body)
      throws Unreachable, InterruptedException {
    URI base;
    try {
      base = endpoints.reachable(node);
    } catch (RollrunException e) {
      throw new Unreachable(e.getMessage());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(settings.timeout())
            .header("Accept", "application/json");
    authorization().ifPresent(value -> request.header("Authorization", value));
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Unreachable(
          endpoints.declared(node)
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    for (String warning : response.headers().allValues("Warning")) {
      if (warned.add(method + " " + path + warning)) {
        context.log(
            "deprecation warning from "
                + node.name()
                + " ("
                + method
                + " "
                + path
                + "): "
                + warning);
      }
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new RollrunException(
          method
              + " "
              + path
              + " on "
              + node.name()
              + ": "
              + response.statusCode()
              + " "
              + reason(response.body())
              + " (check the settings' user and password, or api-key)");
    }
    return new Answer(node, method, path, response.statusCode(), response.body());
  }

  private java.util.Optional<String> authorization() {
    if (settings.apiKey() != null) {
      return java.util.Optional.of("ApiKey " + settings.apiKey().strip());
    }
    if (settings.user() != null) {
      String pair = settings.user() + ":" + Objects.requireNonNullElse(settings.password(), "");
      return java.util.Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return java.util.Optional.empty();
  }

  /** The cluster's own words for an error: {@code type: reason}, else the body, shortened. */
  static String reason(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isObject()) {
        String type = error.path("type").asText("");
        String reason = error.path("reason").asText("");
        return type.isEmpty() ? reason : type + ": " + reason;
      }
      if (error.isTextual()) {
        return error.asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: the body itself
    }
    return abbreviate(body);
  }

  private static String abbreviate(String body) {
    String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** A node could not be asked: refused, timed out, no route, TLS failed. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message) {
      super(message);
    }
  }
}

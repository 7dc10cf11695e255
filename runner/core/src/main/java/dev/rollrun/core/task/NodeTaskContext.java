package dev.rollrun.core.task;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Host;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.TaskFailedException;
import dev.rollrun.core.shell.PortForwarding;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import dev.rollrun.core.text.Redactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link TaskContext} of one task step on one node: commands go through the run's own {@link
 * Shell} (the node's SSH session), their output and the task's log lines go to the step's output
 * like a {@code run:} step's, and HTTP requests leave from the operator's machine. Nothing else of
 * rollrun is reachable from here.
 */
public final class NodeTaskContext implements TaskContext {

  /** How long an HTTP request may take, connecting included. */
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  private final Host host;
  private final Shell shell;
  private final Shell.LineListener lines;
  private final Duration commandTimeout;
  private final Redactor redactor;

  /**
   * @param host the node, or null in a cluster-wide step
   * @param lines where the step's output goes (it hides secrets itself)
   * @param commandTimeout how long a command of the task may run when the task does not say
   * @param redactor hides secret values in the commands shown in messages
   */
  public NodeTaskContext(
      Host host,
      Shell shell,
      Shell.LineListener lines,
      Duration commandTimeout,
      Redactor redactor) {
    this.host = host;
    this.shell = Objects.requireNonNull(shell);
    this.lines = Objects.requireNonNull(lines);
    this.commandTimeout = Objects.requireNonNull(commandTimeout);
    this.redactor = Objects.requireNonNull(redactor);
  }

  @Override
  public Host host() {
    return host;
  }

  @Override
  public CommandOutput run(String command) {
    return run(command, commandTimeout);
  }

  @Override
  public CommandOutput run(String command, Duration timeout) {
    if (host == null) {
      throw new IllegalStateException(
          "a " + "pre-cluster or post-cluster task has no node to run a command on");
    }
    Objects.requireNonNull(command, "command");
    ShellCommand shellCommand = new ShellCommand(command, redactor.redact(command), false, timeout);
    ShellResult result = shell.run(host, shellCommand, lines);
    return new CommandOutput(
        result.exitCode(), result.stdout(), String.join("\n", result.lastStderrLines()));
  }

  @Override
  public InetSocketAddress tunnel(Host target, int port) {
    Objects.requireNonNull(target, "host");
    if (port < 1 || port > 65535) {
      throw new TaskFailedException("port " + port + " is not a TCP port (1 to 65535)");
    }
    if (!(shell instanceof PortForwarding forwarding)) {
      throw new RollrunException(
          target.name() + ": port " + port + " cannot be reached through SSH without a session");
    }
    return forwarding.forward(target, "localhost", port);
  }

  @Override
  public HttpReply httpGet(String url) {
    return send(HttpRequest.newBuilder(uri(url)).GET(), "GET", url);
  }

  @Override
  public HttpReply httpPost(String url, String body, String contentType) {
    return send(
        HttpRequest.newBuilder(uri(url))
            .header("Content-Type", contentType == null ? "text/plain" : contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)),
        "POST",
        url);
  }

  @Override
  public void log(String message) {
    String text = String.valueOf(message);
    text.lines().forEach(line -> lines.line(false, line));
    if (text.isEmpty()) {
      lines.line(false, "");
    }
  }

  @Override
  public void fail(String message) {
    throw new TaskFailedException(String.valueOf(message));
  }

  private HttpReply send(HttpRequest.Builder request, String method, String url) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(HTTP_TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new HttpReply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new RollrunException(
          "HTTP "
              + method
              + " "
              + redactor.redact(url)
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollrunException("HTTP " + method + " " + redactor.redact(url) + ": interrupted");
    }
  }

  private URI uri(String url) {
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not an http:// or https:// URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new TaskFailedException(
          "\"" + redactor.redact(String.valueOf(url)) + "\" is not a URL: " + e.getMessage());
    }
  }
}

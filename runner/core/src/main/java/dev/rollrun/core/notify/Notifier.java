package dev.rollrun.core.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.core.config.NotifySpec;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.RunListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends a run's notifications as its events happen, never in the run's way: each notification has a
 * thread of its own that sends in order, {@link #on} only hands the event over, and every sending
 * is cut off at its {@code timeout}. One that fails (an HTTP status other than 2xx, no answer in
 * time, a command that exits non-zero or runs too long) is a warning naming the notification, the
 * event and why, with every secret hidden; it never fails, stops or slows the roll. Closing waits
 * for what is still being sent, at most the longest timeout, and gives up the rest with a warning.
 */
public final class Notifier implements RunListener, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Notifications notifications;
  private final Consumer<String> warnings;
  private final NotificationEvent.Follower follower = new NotificationEvent.Follower();
  private final List<ExecutorService> senders = new ArrayList<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final HttpClient http;
  private final Object warning = new Object();
  private boolean closed;

  /**
   * @param warnings receives each warning, secrets hidden (the console, or standard error)
   */
  public Notifier(Notifications notifications, Consumer<String> warnings) {
    this.notifications = notifications;
    this.warnings = warnings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(NotifySpec.MAX_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    for (NotifySpec spec : notifications.specs()) {
      senders.add(
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "rollrun-" + spec.label());
                t.setDaemon(true);
                return t;
              }));
    }
  }

  @Override
  public void on(EventEnvelope envelope) {
    follower
        .on(envelope)
        .ifPresent(
            event -> {
              for (int i = 0; i < notifications.specs().size(); i++) {
                NotifySpec spec = notifications.specs().get(i);
                if (spec.on().contains(event.kind())) {
                  pending.incrementAndGet();
                  senders
                      .get(i)
                      .execute(
                          () -> {
                            try {
                              send(spec, event);
                            } finally {
                              pending.decrementAndGet();
                            }
                          });
                }
              }
            });
  }

  private void send(NotifySpec spec, NotificationEvent event) {
    String problem;
    String where = "";
    try {
      Notifications.Rendered rendered = notifications.render(spec, event);
      if (spec.kind() == NotifySpec.Kind.WEBHOOK) {
        URI uri = URI.create(rendered.target());
        where = " to " + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        problem = post(spec, uri, rendered);
      } else {
        problem = run(spec, rendered.target(), event);
      }
    } catch (RuntimeException e) {
      problem =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    if (problem != null) {
      warn(
          notifications
              .redactor()
              .redact(
                  spec.label()
                      + where
                      + " on "
                      + event.kind().key()
                      + " was not sent: "
                      + problem
                      + " (the roll goes on)"));
    }
  }

  /**
   * Passes a warning on while the run is still there to take it; one that comes after {@link
   * #close} (a sending given up that ends late) is counted among those given up.
   */
  private void warn(String text) {
    synchronized (warning) {
      if (!closed) {
        warnings.accept(text);
      }
    }
  }

  /** Posts the body; null when the webhook took it, else why not. */
  private String post(NotifySpec spec, URI uri, Notifications.Rendered rendered) {
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      return "the URL is not http or https";
    }
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(spec.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "rollrun")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      JSON.writeValueAsString(rendered.body()), StandardCharsets.UTF_8));
      rendered.headers().forEach(request::header);
      HttpClient client =
          spec.timeout().compareTo(NotifySpec.MAX_TIMEOUT) < 0
              ? HttpClient.newBuilder()
                  .connectTimeout(spec.timeout())
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build()
              : http;
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return null;
      }
      String body = response.body() == null ? "" : response.body().strip();
      int nl = body.indexOf('\n');
      body = nl < 0 ? body : body.substring(0, nl);
      return "HTTP "
          + response.statusCode()
          + (body.isEmpty()
              ? ""
              : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
    } catch (HttpConnectTimeoutException e) {
      return "no connection within " + millis(spec.timeout());
    } catch (HttpTimeoutException e) {
      return "no answer within " + millis(spec.timeout());
    } catch (ConnectException e) {
      return "cannot connect (" + (e.getMessage() == null ? "refused" : e.getMessage()) + ")";
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return "a header or the URL is not valid: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Runs the command; null when it exited 0 in time, else why not. */
  private String run(NotifySpec spec, String command, NotificationEvent event) {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
    Map<String, String> env = builder.environment();
    env.put("ROLLRUN_EVENT", event.kind().key());
    env.put("ROLLRUN_EVENT_TEXT", event.text());
    env.put("ROLLRUN_RUN_ID", event.runId());
    env.put("ROLLRUN_HOST", event.host());
    env.put("ROLLRUN_OUTCOME", event.outcome());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return "cannot start /bin/sh: " + e.getMessage();
    }
    List<ProcessHandle> started = new ArrayList<>();
    StringBuilder stderr = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream err = process.getErrorStream()) {
                stderr.append(new String(err.readNBytes(64 * 1024), StandardCharsets.UTF_8));
              } catch (IOException e) {
                // the command is gone
              }
            });
    reader.setDaemon(true);
    reader.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(JSON.writeValueAsBytes(event.variables()));
    } catch (IOException e) {
      // the command does not read its input: it need not
    }
    try {
      if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(started::add);
        process.destroy();
        started.forEach(ProcessHandle::destroy);
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          started.forEach(ProcessHandle::destroyForcibly);
        }
        return "the command did not finish within " + millis(spec.timeout()) + "; it was stopped";
      }
      reader.join(1000);
      if (process.exitValue() != 0) {
        String last =
            stderr.toString().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        return "the command exited " + process.exitValue() + (last.isEmpty() ? "" : ": " + last);
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return "interrupted";
    }
  }

  private static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /**
   * Lets what is being sent finish, at most the longest timeout (and 2 seconds more); what is left
   * then is given up, with a warning.
   */
  @Override
  public void close() {
    Duration longest =
        notifications.specs().stream()
            .map(NotifySpec::timeout)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO)
            .plusSeconds(2);
    senders.forEach(ExecutorService::shutdown);
    long deadline = System.nanoTime() + longest.toNanos();
    try {
      for (ExecutorService sender : senders) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !sender.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left;
    synchronized (warning) {
      left = pending.get();
      closed = true;
    }
    senders.forEach(ExecutorService::shutdownNow);
    if (left > 0) {
      warnings.accept(
          left + " notification(s) were still waiting to be sent when the run ended: given up");
    }
  }
}

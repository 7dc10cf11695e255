package dev.rollrun.core.health;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.InvalidJsonException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;
import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.config.AnswerPath;
import dev.rollrun.core.config.Comparison;
import dev.rollrun.core.config.JsonCheck;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.PortForwarding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code http:} a GET (or POST with a body) through the JDK's {@link HttpClient}; healthy when the
 * status is expected and every JSONPath check holds. One client per TLS setting, so connections are
 * reused from check to check. The body is read up to {@link #MAX_BODY} bytes: a huge answer is a
 * failed check, never an out-of-memory error.
 */
final class HttpProbe implements TypedProbe<PlannedCondition.HttpCheck> {

  /** The largest response body read; more is a failed check. */
  static final int MAX_BODY = 4 * 1024 * 1024;

  private static final Configuration JSON = Configuration.defaultConfiguration();

  private record Tls(String ca, boolean insecure) {}

  private final PortForwarding forwarding;
  private final Map<Tls, HttpClient> clients = new ConcurrentHashMap<>();

  /**
   * @param forwarding how {@code via: ssh} reaches the node's endpoints, or null when there is no
   *     SSH
   */
  HttpProbe(PortForwarding forwarding) {
    this.forwarding = forwarding;
  }

  @Override
  public Class<PlannedCondition.HttpCheck> kind() {
    return PlannedCondition.HttpCheck.class;
  }

  @Override
  public Optional<String> check(Host host, PlannedCondition.HttpCheck check) {
    return Optional.ofNullable(probe(host, check).problem());
  }

  @Override
  public ProbeResult probe(Host host, PlannedCondition.HttpCheck check) {
    String shown = check.url().shown();
    URI uri;
    try {
      uri = new URI(check.url().actual());
      if (uri.getHost() == null || uri.getScheme() == null) {
        return ProbeResult.missing(shown + ": not an http(s) URL with a host");
      }
      if (check.via() == Via.SSH) {
        uri = throughSsh(host, uri);
      }
    } catch (URISyntaxException e) {
      return ProbeResult.missing(shown + ": not a URL (" + e.getReason() + ")");
    } catch (RollrunException e) {
      return ProbeResult.missing(shown + ": unreachable through SSH (" + e.getMessage() + ")");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(check.timeout());
    check.headers().forEach((name, value) -> request.header(name, value.actual()));
    if (check.user() != null) {
      String pair =
          check.user().actual() + ":" + (check.password() == null ? "" : check.password().actual());
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else if (check.token() != null) {
      request.header("Authorization", "Bearer " + check.token().actual());
    }
    HttpRequest.BodyPublisher body =
        check.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(check.body().actual());
    if (check.body() != null
        && check.headers().keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
      request.header("Content-Type", "application/json");
    }
    request.method(check.method(), body);
    HttpResponse<InputStream> response;
    String text;
    try {
      response = client(check).send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      text = read(response.body());
    } catch (HttpTimeoutException e) {
      return ProbeResult.missing(
          shown + ": no answer within " + dev.rollrun.core.text.Durations.format(check.timeout()));
    } catch (ConnectException e) {
      return ProbeResult.missing(shown + ": connection refused");
    } catch (SSLHandshakeException e) {
      return ProbeResult.missing(
          shown
              + ": TLS handshake failed ("
              + e.getMessage()
              + "); name the CA with ca: or, knowingly, insecure: true");
    } catch (BodyTooLarge e) {
      return ProbeResult.missing(
          shown + ": response body larger than " + (MAX_BODY / (1024 * 1024)) + " MiB, not read");
    } catch (IOException e) {
      return ProbeResult.missing(shown + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.missing(shown + ": not checked (interrupted)");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return ProbeResult.missing(shown + ": " + describe(e));
    }
    int status = response.statusCode();
    if (!check.status().contains(status)) {
      return ProbeResult.missing(
          shown
              + ": status "
              + status
              + " (want "
              + String.join(" or ", check.status().stream().map(String::valueOf).toList())
              + ")");
    }
    if (check.json().isEmpty() && check.value() == null) {
      return ProbeResult.healthy(status);
    }
    DocumentContext json;
    try {
      json = JsonPath.using(JSON).parse(text);
      json.json();
    } catch (InvalidJsonException | IllegalArgumentException e) {
      return ProbeResult.missing(shown + ": the response is not JSON (" + firstLine(e) + ")");
    }
    Object value = check.value() == null ? status : read(json, check.value());
    if (value == Comparisons.ABSENT) {
      return ProbeResult.missing(shown + ": " + check.value() + " is not in the response");
    }
    for (JsonCheck jsonCheck : check.json()) {
      Object seen = read(json, jsonCheck.path());
      List<Comparison> comparisons = new ArrayList<>();
      for (Comparison c : jsonCheck.comparisons()) {
        if (c.operand() instanceof AnswerPath other) {
          Object operand = read(json, other.path());
          if (operand == Comparisons.ABSENT) {
            return ProbeResult.unhealthy(
                shown
                    + ": "
                    + jsonCheck.path()
                    + " is compared with "
                    + other.path()
                    + ", which is not in the response",
                value);
          }
          c = new Comparison(c.operator(), operand, c.position());
        }
        comparisons.add(c);
      }
      Optional<String> problem = Comparisons.test(comparisons, seen);
      if (problem.isPresent()) {
        return ProbeResult.unhealthy(shown + ": " + jsonCheck.path() + " " + problem.get(), value);
      }
    }
    return ProbeResult.healthy(value);
  }

  /** The value at {@code path}, or {@link Comparisons#ABSENT}. */
  private static Object read(DocumentContext json, String path) {
    try {
      return json.read(path);
    } catch (PathNotFoundException e) {
      return Comparisons.ABSENT;
    } catch (JsonPathException e) {
      return Comparisons.ABSENT;
    }
  }

  private URI throughSsh(Host host, URI uri) throws URISyntaxException {
    if (host == null) {
      throw new RollrunException("via: ssh needs a node, but this gate has none");
    }
    if (forwarding == null) {
      throw new RollrunException("via: ssh, but rollrun has no SSH sessions here");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    InetSocketAddress local = forwarding.forward(host, uri.getHost(), port);
    return new URI(
        uri.getScheme(),
        uri.getUserInfo(),
        local.getHostString(),
        local.getPort(),
        uri.getPath(),
        uri.getQuery(),
        uri.getFragment());
  }

  private HttpClient client(PlannedCondition.HttpCheck check) throws GeneralSecurityException {
    Tls tls = new Tls(check.ca(), check.insecure());
    HttpClient client = clients.get(tls);
    if (client != null) {
      return client;
    }
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(check.timeout());
    if (tls.insecure()) {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingAnyCertificate()}, null);
      builder.sslContext(context);
    } else if (tls.ca() != null) {
      builder.sslContext(trusting(Path.of(tls.ca())));
    }
    client = builder.build();
    HttpClient raced = clients.putIfAbsent(tls, client);
    return raced != null ? raced : client;
  }

  /** An SSL context trusting the certificates of a PEM file (and only those). */
  private static SSLContext trusting(Path caFile) throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(caFile)) {
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new GeneralSecurityException("no certificate in the CA file " + caFile);
      }
    } catch (IOException e) {
      throw new GeneralSecurityException(
          "cannot read the CA file " + caFile + ": " + e.getMessage(), e);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** Reads at most {@link #MAX_BODY} bytes; a longer body is closed unread. */
  private static String read(InputStream body) throws IOException {
    try (InputStream in = body) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + n > MAX_BODY) {
          throw new BodyTooLarge();
        }
        out.write(buffer, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message;
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    message = newline < 0 ? message : message.substring(0, newline);
    return message.length() > 100 ? message.substring(0, 97) + "..." : message;
  }

  private static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("response body too large");
    }
  }

  /**
   * {@code insecure: true}: any certificate, any host name. An extended trust manager, so that the
   * JDK does not check the host name either.
   */
  private static final class TrustingAnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

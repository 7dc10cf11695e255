package dev.rollrun.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request a plugin makes through {@link TaskContext#http}: any method, headers of its own
 * and a timeout of its own, for APIs that {@link TaskContext#httpGet} and {@link
 * TaskContext#httpPost} cannot speak to (a {@code PUT}, a token in a header, a long poll).
 *
 * <pre>{@code
 * HttpReply reply = ctx.http(
 *     HttpCall.put("http://consul:8500/v1/kv/service/web/node1/promote?cas=42", "START")
 *         .header("X-Consul-Token", token)
 *         .timeout(Duration.ofSeconds(15)));
 * }</pre>
 *
 * Header values are never shown (not in messages, not in events): a credential belongs in a header,
 * never in the URL, which error messages quote.
 *
 * @param method {@code GET}, {@code PUT}, {@code POST}, {@code DELETE}, {@code HEAD}, ...
 * @param url an {@code http://} or {@code https://} URL
 * @param headers request headers, in order
 * @param body the request body, or {@code null} for none
 * @param timeout how long the whole request may take, connecting included; {@code null}: rollrun's
 *     default (30 s)
 */
public record HttpCall(
    String method, String url, Map<String, String> headers, String body, Duration timeout) {

  public HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A {@code GET} of {@code url}. */
  public static HttpCall get(String url) {
    return new HttpCall("GET", url, Map.of(), null, null);
  }

  /** A {@code PUT} of {@code body} (text, UTF-8) to {@code url}. */
  public static HttpCall put(String url, String body) {
    return new HttpCall("PUT", url, Map.of(), body, null);
  }

  /** A {@code POST} of {@code body} (text, UTF-8) to {@code url}. */
  public static HttpCall post(String url, String body) {
    return new HttpCall("POST", url, Map.of(), body, null);
  }

  /** A {@code DELETE} of {@code url}. */
  public static HttpCall delete(String url) {
    return new HttpCall("DELETE", url, Map.of(), null, null);
  }

  /** This request with one more header; {@code null} values are left out. */
  public HttpCall header(String name, String value) {
    if (value == null) {
      return this;
    }
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpCall(method, url, more, body, timeout);
  }

  /** This request with its own timeout. */
  public HttpCall timeout(Duration limit) {
    return new HttpCall(method, url, headers, body, limit);
  }

  /** What messages may show of this request: the method and URL, never a header. */
  @Override
  public String toString() {
    return method + " " + url;
  }
}

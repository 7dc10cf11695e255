package dev.rollrun.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to a task's HTTP request.
 *
 * @param status the HTTP status code
 * @param body the body as text (UTF-8)
 * @param headers the response headers, names in lower case (empty for {@link TaskContext#httpGet}
 *     and {@link TaskContext#httpPost}, which do not keep them)
 */
public record HttpReply(int status, String body, Map<String, List<String>> headers) {

  public HttpReply {
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = Collections.unmodifiableMap(lower);
  }

  /** An answer without headers. */
  public HttpReply(int status, String body) {
    this(status, body, Map.of());
  }

  /** True for a 2xx status. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The first value of the header {@code name} (any case), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}

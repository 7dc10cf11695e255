package dev.rollrun.core.js;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Host;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.TaskContext;
import dev.rollrun.core.text.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The {@code ctx} a script's {@code run(ctx, args)} receives: exactly the {@link TaskContext} API,
 * and nothing else is exported. Values go to the script as plain JavaScript objects ({@code
 * ctx.run("...").stdout}, {@code ctx.host().vars["broker.id"]}), never as Java objects whose other
 * methods a script could reach.
 */
public final class JsTaskContext {

  private final TaskContext context;

  JsTaskContext(TaskContext context) {
    this.context = context;
  }

  /** {@code {name, address, port, user, roles, rack, zone, vars}}, or null in a cluster step. */
  @HostAccess.Export
  public Object host() {
    Host host = context.host();
    if (host == null) {
      return null;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", host.name());
    map.put("address", host.address());
    map.put("port", host.port());
    map.put("user", host.user());
    map.put("roles", host.roles());
    map.put("rack", host.rack());
    map.put("zone", host.zone());
    map.put("vars", host.vars());
    return value(map);
  }

  /** {@code {exitCode, stdout, stderr, ok}} of a command on the node. */
  @HostAccess.Export
  public Object run(String command) {
    return output(context.run(command));
  }

  /** As {@link #run(String)}, stopped after {@code timeout} ({@code "30s"}, {@code "2m"}). */
  @HostAccess.Export
  public Object run(String command, String timeout) {
    return output(context.run(command, Durations.parse(timeout)));
  }

  /** {@code {status, body, ok}}. */
  @HostAccess.Export
  public Object httpGet(String url) {
    return reply(context.httpGet(url));
  }

  /** {@code {status, body, ok}}. */
  @HostAccess.Export
  public Object httpPost(String url, String body, String contentType) {
    return reply(context.httpPost(url, body, contentType));
  }

  @HostAccess.Export
  public void log(Object message) {
    context.log(String.valueOf(message));
  }

  @HostAccess.Export
  public void fail(Object message) {
    context.fail(String.valueOf(message));
  }

  private static Object output(CommandOutput output) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("exitCode", output.exitCode());
    map.put("stdout", output.stdout());
    map.put("stderr", output.stderr());
    map.put("ok", output.ok());
    return value(map);
  }

  private static Object reply(HttpReply reply) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("status", reply.status());
    map.put("body", reply.body());
    map.put("ok", reply.ok());
    return value(map);
  }

  /** A Java value as the script sees it: maps and lists as JavaScript objects and arrays. */
  static Object value(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> members = new LinkedHashMap<>();
      map.forEach((k, v) -> members.put(String.valueOf(k), value(v)));
      return ProxyObject.fromMap(members);
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      list.forEach(item -> items.add(value(item)));
      return ProxyArray.fromList(items);
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    return value == null ? null : String.valueOf(value);
  }
}

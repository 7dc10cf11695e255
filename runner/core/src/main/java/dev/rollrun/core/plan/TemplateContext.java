package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables templates see, built twice: once with secrets as {@code <secret:NAME>} for what is
 * shown, once with real values for what runs.
 *
 * <ul>
 *   <li>{@code vars}: playbook vars, then {@code -e key=value}, then {@code -e @secrets.yml}
 *   <li>{@code host}: name, address, port, user, roles, rack, zone (only those set) and vars
 *   <li>{@code service}: name; {@code cluster}: the behaviour id; {@code playbook}: name
 *   <li>{@code env}: the operator's environment variables (always secret)
 * </ul>
 */
final class TemplateContext {

  private final Map<String, Object> shownBase;
  private final Map<String, Object> actualBase;

  TemplateContext(PlanRequest request, String cluster) {
    Map<String, Object> shownVars = new LinkedHashMap<>(request.playbook().vars());
    shownVars.putAll(request.extraVars());
    Map<String, Object> actualVars = new LinkedHashMap<>(shownVars);
    request.secretVars().forEach((k, v) -> shownVars.put(k, secretPlaceholder(k, v)));
    actualVars.putAll(request.secretVars());

    Map<String, Object> shownEnv = new LinkedHashMap<>();
    request.environment().keySet().forEach(k -> shownEnv.put(k, "<secret:" + k + ">"));

    Map<String, Object> common = new LinkedHashMap<>();
    common.put("cluster", cluster);
    common.put("playbook", Map.of("name", request.playbook().name()));
    String serviceName = request.playbook().service().name();
    common.put("service", serviceName == null ? Map.of() : Map.of("name", serviceName));

    shownBase = new LinkedHashMap<>(common);
    shownBase.put("vars", Collections.unmodifiableMap(shownVars));
    shownBase.put("env", Collections.unmodifiableMap(shownEnv));
    actualBase = new LinkedHashMap<>(common);
    actualBase.put("vars", Collections.unmodifiableMap(actualVars));
    actualBase.put("env", Collections.unmodifiableMap(new LinkedHashMap<>(request.environment())));
  }

  /** Secrets in nested maps and lists are hidden leaf by leaf, keeping the shape. */
  private static Object secretPlaceholder(String name, Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> hidden = new LinkedHashMap<>();
      map.forEach((k, v) -> hidden.put(String.valueOf(k), secretPlaceholder(name + "." + k, v)));
      return hidden;
    }
    if (value instanceof List<?> list) {
      List<Object> hidden = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        hidden.add(secretPlaceholder(name + "[" + i + "]", list.get(i)));
      }
      return hidden;
    }
    return "<secret:" + name + ">";
  }

  // Every template of a node is rendered with the same host: build its context once.
  private Host lastHost;
  private Map<String, Object> lastShown;

  Map<String, Object> shown(Host host) {
    if (host != lastHost || lastShown == null) {
      lastShown = withHost(shownBase, host);
      lastHost = host;
    }
    return lastShown;
  }

  Map<String, Object> actual(Host host) {
    return withHost(actualBase, host);
  }

  private static Map<String, Object> withHost(Map<String, Object> base, Host host) {
    if (host == null) {
      return base;
    }
    Map<String, Object> context = new LinkedHashMap<>(base);
    context.put("host", hostMap(host));
    return context;
  }

  /** Only what is set, so that {@code {{ host.rack }}} on a host without a rack is an error. */
  static Map<String, Object> hostMap(Host host) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", host.name());
    map.put("address", host.address());
    if (host.port() > 0) {
      map.put("port", host.port());
    }
    if (host.user() != null) {
      map.put("user", host.user());
    }
    map.put("roles", host.roles());
    if (host.rack() != null) {
      map.put("rack", host.rack());
    }
    if (host.zone() != null) {
      map.put("zone", host.zone());
    }
    map.put("vars", host.vars());
    return map;
  }
}

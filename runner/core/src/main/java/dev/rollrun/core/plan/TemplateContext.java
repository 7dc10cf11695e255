package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import dev.rollrun.core.text.Redactor;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The variables templates see, built twice: once with secrets as {@code <secret:NAME>} for what is
 * shown, once with real values for what runs.
 *
 * <ul>
 *   <li>{@code vars}: playbook vars, then {@code -e key=value}, then {@code -e @secrets.yml}
 *   <li>{@code host}: name, address, port, user, roles, rack, zone (only those set) and vars
 *   <li>{@code service}: name; {@code cluster}: the behaviour id; {@code playbook}: name
 *   <li>{@code env}: the operator's environment variables (always secret)
 *   <li>Ansible's names for what they mean in Ansible: {@code inventory_hostname} and {@code
 *       inventory_hostname_short} (the host's name), {@code ansible_host} (its address), {@code
 *       group_names} (its groups, sorted), {@code groups} (every group's hosts, {@code all} and
 *       {@code ungrouped} included) and {@code hostvars} ({@link AnsibleHostVars})
 * </ul>
 *
 * <p>Which environment variables the templates read is noted as they are rendered: their values,
 * and those of the secrets files, are what {@link #redactor} hides in output.
 */
final class TemplateContext {

  private final Map<String, Object> shownBase;
  private final Map<String, Object> actualBase;

  /**
   * @param environmentRead where the names of the environment variables templates read are noted;
   *     shared by the contexts of one plan, so it must be safe to add to from several threads
   */
  TemplateContext(PlanRequest request, Set<String> environmentRead) {
    Map<String, Object> shownVars = new LinkedHashMap<>(request.playbook().vars());
    shownVars.putAll(request.extraVars());
    Map<String, Object> actualVars = new LinkedHashMap<>(shownVars);
    request.secretVars().forEach((k, v) -> shownVars.put(k, secretPlaceholder(k, v)));
    actualVars.putAll(request.secretVars());

    Map<String, Object> shownEnv = new LinkedHashMap<>();
    request.environment().keySet().forEach(k -> shownEnv.put(k, "<secret:" + k + ">"));

    Map<String, Object> common = new LinkedHashMap<>();
    common.put("groups", request.inventory().groups());
    common.put("hostvars", new AnsibleHostVars(request.inventory()));
    common.put("cluster", request.behaviour().id());
    common.put("playbook", Map.of("name", request.playbook().name()));
    String serviceName = request.playbook().service().name();
    common.put("service", serviceName == null ? Map.of() : Map.of("name", serviceName));

    shownBase = new LinkedHashMap<>(common);
    shownBase.put("vars", Collections.unmodifiableMap(shownVars));
    shownBase.put("env", new ReadNoting(shownEnv, environmentRead));
    actualBase = new LinkedHashMap<>(common);
    actualBase.put("vars", Collections.unmodifiableMap(actualVars));
    actualBase.put(
        "env", new ReadNoting(new LinkedHashMap<>(request.environment()), environmentRead));
  }

  /**
   * Hides the value of every secret of {@code request} that can reach output: each value of the
   * secrets files, leaf by leaf and named like its placeholder ({@code db.password}, {@code
   * hosts[0]}), and each environment variable in {@code environmentRead}, named like its
   * placeholder too.
   */
  static Redactor redactor(PlanRequest request, Set<String> environmentRead) {
    Map<String, String> secrets = new LinkedHashMap<>();
    request
        .secretVars()
        .forEach(
            (name, value) ->
                eachLeaf(
                    name,
                    value,
                    (leaf, text) -> {
                      if (text != null) {
                        secrets.put(leaf, text);
                      }
                    }));
    request.environment().keySet().stream()
        .filter(environmentRead::contains)
        .sorted()
        .forEach(
            name -> {
              // A secrets file and the environment may both have a TOKEN: hide both values.
              String key = secrets.containsKey(name) ? "env." + name : name;
              secrets.put(key, request.environment().get(name));
            });
    return new Redactor(secrets);
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

  /** Each leaf of a secret's value under the name its placeholder has; null for a null leaf. */
  private static void eachLeaf(String name, Object value, BiConsumer<String, String> leaf) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> eachLeaf(name + "." + k, v, leaf));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        eachLeaf(name + "[" + i + "]", list.get(i), leaf);
      }
    } else {
      leaf.accept(name, value == null ? null : String.valueOf(value));
    }
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
    context.put("inventory_hostname", host.name());
    context.put("inventory_hostname_short", host.name().split("\\.", 2)[0]);
    context.put("ansible_host", host.address());
    context.put("group_names", AnsibleHostVars.groupNames(host));
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

  /**
   * A read-only map that notes the keys a template reads: one by name ({@code env.TOKEN}, {@code
   * env['TOKEN']}), or all of them when a template walks or prints the whole map. Listing the keys
   * alone, as a did-you-mean does, reads no value.
   */
  private static final class ReadNoting extends AbstractMap<String, Object> {
    private final Map<String, Object> values;
    private final Set<String> read;

    ReadNoting(Map<String, Object> values, Set<String> read) {
      this.values = Collections.unmodifiableMap(values);
      this.read = read;
    }

    @Override
    public Object get(Object key) {
      Object value = values.get(key);
      if (value != null) {
        read.add((String) key);
      }
      return value;
    }

    @Override
    public boolean containsKey(Object key) {
      return values.containsKey(key);
    }

    @Override
    public Set<String> keySet() {
      return values.keySet();
    }

    @Override
    public int size() {
      return values.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      read.addAll(values.keySet());
      return values.entrySet();
    }
  }
}

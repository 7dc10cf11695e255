package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ansible's {@code hostvars}: every host's variables by host name, as {@code
 * hostvars['db-1'].ansible_host} reads them in an Ansible template. A host's map is made when a
 * template first reads it: a 5,000-host plan whose templates never say {@code hostvars} makes none.
 *
 * <p>Each host's map holds its inventory variables (as {@code ansible-inventory --host} shows them)
 * and {@code inventory_hostname}, {@code ansible_host} (the address rollrun connects to), and
 * {@code group_names}.
 */
final class AnsibleHostVars extends AbstractMap<String, Object> {

  private final Inventory inventory;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> made = new ConcurrentHashMap<>();

  AnsibleHostVars(Inventory inventory) {
    this.inventory = inventory;
    inventory.hosts().forEach(h -> hosts.put(h.name(), h));
  }

  @Override
  public Object get(Object key) {
    Host host = hosts.get(key);
    return host == null ? null : made.computeIfAbsent(host.name(), n -> varsOf(host));
  }

  @Override
  public boolean containsKey(Object key) {
    return hosts.containsKey(key);
  }

  @Override
  public Set<String> keySet() {
    return hosts.keySet();
  }

  @Override
  public int size() {
    return hosts.size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Set<Entry<String, Object>> entries = new LinkedHashSet<>();
    hosts.keySet().forEach(name -> entries.add(Map.entry(name, get(name))));
    return entries;
  }

  private Map<String, Object> varsOf(Host host) {
    Map<String, Object> vars = new LinkedHashMap<>(inventory.variablesOf(host.name()));
    vars.put("inventory_hostname", host.name());
    vars.put("ansible_host", host.address());
    vars.put("group_names", groupNames(host));
    return java.util.Collections.unmodifiableMap(vars);
  }

  /** Ansible's {@code group_names}: the host's groups but all and ungrouped, sorted. */
  static java.util.List<String> groupNames(Host host) {
    return host.roles().stream().sorted().toList();
  }
}

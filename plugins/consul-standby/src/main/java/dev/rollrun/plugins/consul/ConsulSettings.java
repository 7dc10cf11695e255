package dev.rollrun.plugins.consul;

import dev.rollrun.api.Host;
import dev.rollrun.api.TaskArgs;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The playbook's {@code settings:} of a {@code consul-standby} or {@code consul-switchover}
 * playbook (their JSON Schema is {@link SettingsSchema}), with the inventory's {@code
 * consul_address} and {@code consul_datacenter} host variables where the settings leave them out.
 *
 * <pre>
 * settings:
 *   consul:
 *     address: http://consul.internal:8500    # default: host var consul_address, else 127.0.0.1:8500
 *     datacenter: dc1                         # default: host var consul_datacenter, else the agent's
 *     token-env: CONSUL_HTTP_TOKEN            # or token-file: /etc/rollrun/consul.token
 *   environment: production                   # cluster/production/myservice
 *   service: myservice                        # the Consul service
 *   local:
 *     services: [apache2, mysql]              # `service NAME status` on each node; or NAME: COMMAND
 *     standby: stopped                        # what a standby's local services do (running: warm)
 *     role-check: "cat /run/myservice/role"   # optional: prints active or standby
 *   noop-lockfile: /var/lock/myservice.lock   # the maintenance flag (PowerConsul's noop_lockfile)
 *   sudo: true                                # lockfile and status commands through sudo -n
 *   wait: 2m                                  # for a node to come back in its role
 *   switchover: { timeout: 1m, to: node2 }    # each acknowledgement; which standby to promote
 * </pre>
 *
 * @param address the Consul HTTP API, without a trailing slash
 * @param datacenter the {@code ?dc=} of every request, or null for the agent's own
 * @param token where the ACL token comes from
 * @param localServices each local service and the command whose exit code 0 means it runs
 * @param standbyRuns whether a standby's local services run (a warm standby) or are stopped
 * @param roleCheck a command printing the node's own view of its role, or null
 * @param lockfile the noop lockfile, or null
 * @param waitLimit how long a node may take to come back in its role after a restart or a
 *     switchover
 * @param interval how often to look again while waiting
 * @param grace how long to let checks already running finish once the lockfile is set
 * @param ackTimeout how long each node may take to acknowledge a promote or demote flag
 * @param switchTo the standby a switchover promotes, or null for the only one
 */
record ConsulSettings(
    String address,
    String datacenter,
    ConsulToken token,
    String environment,
    String service,
    Map<String, String> localServices,
    boolean standbyRuns,
    String roleCheck,
    String lockfile,
    boolean sudo,
    Duration waitLimit,
    Duration interval,
    Duration grace,
    Duration ackTimeout,
    String switchTo) {

  static final String DEFAULT_ADDRESS = "http://127.0.0.1:8500";

  ConsulSettings {
    localServices = Collections.unmodifiableMap(new LinkedHashMap<>(localServices));
  }

  /** The settings, completed from {@code hosts}' variables (the first host that has one). */
  static ConsulSettings of(TaskArgs settings, List<Host> hosts) {
    Map<String, Object> consul = map(settings.asMap().get("consul"));
    Map<String, Object> local = map(settings.asMap().get("local"));
    Map<String, Object> switchover = map(settings.asMap().get("switchover"));
    String address =
        text(consul.get("address"), hostVar(hosts, "consul_address", DEFAULT_ADDRESS)).strip();
    while (address.endsWith("/")) {
      address = address.substring(0, address.length() - 1);
    }
    return new ConsulSettings(
        address,
        text(consul.get("datacenter"), hostVar(hosts, "consul_datacenter", null)),
        ConsulToken.of(text(consul.get("token-env"), null), text(consul.get("token-file"), null)),
        settings.string("environment"),
        settings.string("service"),
        localServices(local.get("services")),
        "running".equals(text(local.get("standby"), "stopped")),
        text(local.get("role-check"), null),
        settings.string("noop-lockfile", null),
        settings.flag("sudo", false),
        settings.duration("wait", Duration.ofMinutes(2)),
        settings.duration("interval", Duration.ofSeconds(1)),
        settings.duration("grace", Duration.ofSeconds(2)),
        new TaskArgs(switchover).duration("timeout", Duration.ofMinutes(1)),
        text(switchover.get("to"), null));
  }

  /** The settings for one node. */
  static ConsulSettings of(TaskArgs settings, Host host) {
    return of(settings, host == null ? List.of() : List.of(host));
  }

  /** {@code cluster/<environment>/<service>}: the active and standby nodes. */
  String clusterKey() {
    return "cluster/" + environment + "/" + service;
  }

  /** {@code service/<service>/<node>/promote} or {@code .../demote}. */
  String flagKey(String node, RoleFlag.Kind kind) {
    return "service/" + service + "/" + node + "/" + kind.key();
  }

  /** The prefix of every promote and demote flag of the service. */
  String flagPrefix() {
    return "service/" + service + "/";
  }

  /** The switchover lock, as {@code consul lock service/<service>} names it. */
  String lockKey() {
    return "service/" + service + "/.lock";
  }

  /** What a standby's local services do, in words. */
  String standbyState() {
    return standbyRuns ? "running" : "stopped";
  }

  private static Map<String, String> localServices(Object value) {
    Map<String, String> services = new LinkedHashMap<>();
    if (value instanceof List<?> names) {
      names.forEach(n -> services.put(String.valueOf(n), "service " + n + " status"));
    } else if (value instanceof Map<?, ?> commands) {
      commands.forEach((n, c) -> services.put(String.valueOf(n), String.valueOf(c)));
    } else if (value != null) {
      services.put(String.valueOf(value), "service " + value + " status");
    }
    return services;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object value, String otherwise) {
    return value == null ? otherwise : String.valueOf(value);
  }

  private static String hostVar(List<Host> hosts, String name, String otherwise) {
    for (Host host : hosts) {
      Object value = host.vars().get(name);
      if (value != null && !String.valueOf(value).isBlank()) {
        return String.valueOf(value);
      }
    }
    return otherwise;
  }
}

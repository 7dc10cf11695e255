package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PowerConsul-managed active/standby service on the hosts of an {@link SshdFleet}, registered in
 * a {@link ConsulSimulation}: {@code cluster/<environment>/demo} names the active and standby hosts
 * (Consul node names are the host names, {@code h1} ...), each node runs the fleet's demo service
 * (a warm standby) and acts as the active or a standby ({@code <host dir>/role}), its Consul check
 * is the node's own {@code consul-node check} (run by its simulated agent every {@link
 * #CHECK_EVERY}), and its promote and demote flags are watched by {@code consul-node watch},
 * started on the node over SSH. See {@code consul-node.bash} next to this class for what a node
 * does.
 *
 * <p>{@link #close()} stops the watchers (by the pids they recorded) and the simulated agents; the
 * fleet and the simulation stay the caller's.
 */
public final class ConsulPair implements AutoCloseable {

  public static final String SERVICE = "demo";
  public static final String ENVIRONMENT = "test";
  public static final Duration CHECK_EVERY = Duration.ofMillis(300);
  private static final Duration WATCHERS_UP = Duration.ofSeconds(20);

  private final SshdFleet fleet;
  private final ConsulSimulation consul;
  private final String token;
  private final List<Integer> hosts;

  private ConsulPair(SshdFleet fleet, ConsulSimulation consul, String token, List<Integer> hosts) {
    this.fleet = fleet;
    this.consul = consul;
    this.token = token;
    this.hosts = List.copyOf(hosts);
  }

  /**
   * Makes hosts {@code hosts} one service, the first of them active and the others standbys, with
   * every flag NULL and every node passing its Consul check.
   *
   * @param token the token the nodes' scripts present (the simulation's), or null
   */
  public static ConsulPair start(
      SshdFleet fleet, ConsulSimulation consul, String token, List<Integer> hosts) {
    ConsulPair pair = new ConsulPair(fleet, consul, token, hosts);
    try {
      pair.install();
      pair.setRoles(hosts.get(0));
      fleet.startAllServices();
      for (int host : hosts) {
        consul.register(
            SERVICE,
            fleet.name(host),
            fleet.address(host),
            List.of("bash", pair.script(host).toString(), "check"),
            Map.of("HOME", fleet.hostDir(host).toString(), "HOST_ID", fleet.name(host)),
            CHECK_EVERY);
      }
      pair.startWatchers();
      pair.awaitAllPassing(Duration.ofSeconds(20));
      return pair;
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
  }

  private void install() {
    String body = resource("consul-node.bash");
    for (int host : hosts) {
      String header =
          "#!/bin/bash\n# The node side of the simulated Consul service on "
              + fleet.name(host)
              + " (written by ConsulPair).\n"
              + assignment("NODE", fleet.name(host))
              + assignment("SERVICE", SERVICE)
              + assignment("ENVIRONMENT", ENVIRONMENT)
              + assignment("CONSUL", consul.address())
              + assignment("TOKEN", token == null ? "" : token)
              + assignment("DIR", fleet.hostDir(host).toString())
              + assignment("LOCKFILE", lockfile(host).toString())
              + assignment("SVC", fleet.hostDir(host).resolve("svc").toString())
              + assignment("EVENTS", eventLog().toString());
      try {
        Files.writeString(script(host), header + body);
        Files.setPosixFilePermissions(script(host), PosixFilePermissions.fromString("rwxr-xr-x"));
        if (!Files.exists(eventLog())) {
          Files.createFile(eventLog());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Makes {@code active} the active node and every other host of the service a standby, in Consul
   * and on the nodes, with every flag NULL, no lockfile, no {@code no-ack}. The nodes hold their
   * lockfiles meanwhile, as PowerConsul's do while roles change: a check that saw the change half
   * done would otherwise make a standby take over.
   */
  public void setRoles(int active) {
    for (int host : hosts) {
      write(lockfile(host), "");
    }
    Processes.sleep(CHECK_EVERY.multipliedBy(2));
    List<String> standby = new ArrayList<>();
    for (int host : hosts) {
      if (host != active) {
        standby.add("\"" + fleet.name(host) + "\"");
      }
    }
    consul.put(
        clusterKey(),
        "{\"active_nodes\": [\""
            + fleet.name(active)
            + "\"], \"standby_nodes\": ["
            + String.join(", ", standby)
            + "]}");
    for (int host : hosts) {
      write(fleet.hostDir(host).resolve("role"), host == active ? "active\n" : "standby\n");
      deleteIfExists(fleet.hostDir(host).resolve("no-ack"));
      for (String kind : List.of("promote", "demote")) {
        if (!"NULL".equals(consul.value(flagKey(host, kind)))) {
          consul.put(flagKey(host, kind), "NULL");
        }
      }
    }
    for (int host : hosts) {
      deleteIfExists(lockfile(host));
    }
  }

  private void startWatchers() {
    for (int host : hosts) {
      fleet.run(host, "nohup ~/consul-node watch >~/watch.log 2>&1 </dev/null & echo started");
    }
    long deadline = System.nanoTime() + WATCHERS_UP.toNanos();
    for (int host : hosts) {
      while (watcher(host).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(fleet.name(host) + ": consul-node watch did not start");
        }
        Processes.sleep(Duration.ofMillis(20));
      }
    }
  }

  private Optional<ProcessHandle> watcher(int host) {
    Path pid = fleet.hostDir(host).resolve("watch.pid");
    try {
      if (!Files.exists(pid)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Waits until every node passes its Consul check. */
  public void awaitAllPassing(Duration timeout) {
    // What the checks said before now does not count.
    Processes.sleep(CHECK_EVERY.multipliedBy(2));
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int host : hosts) {
      while (!"passing".equals(consul.health(fleet.name(host)))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              fleet.name(host)
                  + " does not pass its check: "
                  + consul.healthHistory(fleet.name(host)));
        }
        Processes.sleep(Duration.ofMillis(50));
      }
    }
  }

  // --------------------------------------------------------------------------- observing --

  /** {@code cluster/test/demo}. */
  public String clusterKey() {
    return "cluster/" + ENVIRONMENT + "/" + SERVICE;
  }

  /** {@code service/demo/hN/promote} or {@code .../demote}. */
  public String flagKey(int host, String kind) {
    return "service/" + SERVICE + "/" + fleet.name(host) + "/" + kind;
  }

  /** How a node acts, by its own file: {@code active} or {@code standby}. */
  public String role(int host) {
    try {
      return Files.readString(fleet.hostDir(host).resolve("role")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hosts of the service that act as the active, by their own files. */
  public List<String> actingActive() {
    return hosts.stream().filter(h -> role(h).equals("active")).map(fleet::name).toList();
  }

  /** A node's noop lockfile (PowerConsul's maintenance flag). */
  public Path lockfile(int host) {
    return fleet.hostDir(host).resolve("noop.lock");
  }

  /** Makes a node's watcher ignore START: it never acknowledges (true), or it does again. */
  public void neverAcknowledge(int host, boolean never) {
    Path flag = fleet.hostDir(host).resolve("no-ack");
    if (never) {
      write(flag, "");
    } else {
      deleteIfExists(flag);
    }
  }

  /** The shared log of what the nodes did: {@code <millis> <node> <what> <detail>} lines. */
  public Path eventLog() {
    return fleet.dir().resolve("consul-events.log");
  }

  /** Every line of {@link #eventLog()} so far, as {@code <node> <what> <detail>}. */
  public List<String> events() {
    try {
      String log = Files.readString(eventLog(), StandardCharsets.UTF_8);
      String complete = log.substring(0, log.lastIndexOf('\n') + 1);
      return complete.lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The node's {@code consul-node} script. */
  public Path script(int host) {
    return fleet.hostDir(host).resolve("consul-node");
  }

  /**
   * The {@code settings:} of a playbook for this service, as YAML lines indented by two: Consul's
   * address and datacenter, the token from {@code tokenFile} (or none), the demo service as the
   * local service, the role check, the lockfile and short waits.
   */
  public String settings(Path tokenFile) {
    return """
          consul:
            address: %s
            datacenter: %s
        %s  environment: %s
          service: %s
          local:
            services: { demo: "~/svc status" }
            standby: running
            role-check: "~/consul-node role"
          noop-lockfile: "~/noop.lock"
          wait: 20s
          interval: 200ms
          grace: 500ms
          switchover: { timeout: 8s }
        """
        .formatted(
            consul.address(),
            consul.datacenter(),
            tokenFile == null ? "" : "    token-file: " + tokenFile + "\n",
            ENVIRONMENT,
            SERVICE);
  }

  @Override
  public void close() {
    List<ProcessHandle> watchers = new ArrayList<>();
    for (int host : hosts) {
      try {
        watcher(host).ifPresent(watchers::add);
      } catch (RuntimeException e) {
        // the fleet is already gone
      }
    }
    for (ProcessHandle watcher : watchers) {
      Processes.killTree(watcher, Duration.ofSeconds(10));
    }
  }

  private static String assignment(String name, String value) {
    return name + "=" + Processes.shellQuote(value) + "\n";
  }

  private static String resource(String name) {
    try (InputStream in = ConsulPair.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to ConsulPair");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

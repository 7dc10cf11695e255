package dev.rollrun.tests;

import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain service roll, one node at a time, over the hosts of an {@link SshdFleet} reached however
 * the inventory says (ssh_config aliases, a ProxyCommand, a jump host): the playbook, the command
 * line that rolls it trusting the fleet's host keys, and what the services' own logs recorded.
 */
final class ServiceRollOverFleet {

  private final SshdFleet fleet;

  ServiceRollOverFleet(SshdFleet fleet) {
    this.fleet = fleet;
  }

  /** Starts every service and writes the playbook {@code file} (in the fleet's directory). */
  Path playbook(String name, Path inventory, String file) throws IOException {
    fleet.startAllServices();
    String yaml =
        """
        name: %s
        cluster: service
        inventory: %s
        service:
          name: demo
          stop: "~/svc stop"
          start: "~/svc start"
        rollout:
          batch: 1
        health:
          interval: 200ms
          consecutive: 1
          timeout: 15s
          all:
            - command: { run: "~/svc status" }
        """
            .formatted(name, inventory);
    Path playbook = fleet.dir().resolve(file);
    Files.writeString(playbook, yaml);
    return playbook;
  }

  /** {@code rollrun PLAYBOOK MORE... --known-hosts FLEET}, in this process. */
  CommandLineRun roll(Path playbook, String... more) {
    List<String> args = new ArrayList<>(List.of(playbook.toString()));
    args.addAll(List.of(more));
    args.addAll(List.of("--known-hosts", fleet.knownHosts().toString()));
    return CommandLineRun.of(args.toArray(String[]::new));
  }

  /** What each host's service did since the fleet had recorded {@code before} events. */
  Map<String, List<String>> serviceEventsSince(int before) {
    Map<String, List<String>> perHost = new TreeMap<>();
    for (ServiceEvent e : fleet.events().subList(before, fleet.events().size())) {
      perHost.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(e.action());
    }
    return perHost;
  }
}

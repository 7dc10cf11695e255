package dev.rollrun.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runner overhead, not a test: a serial roll of 50 real OpenSSH hosts whose stop and start do
 * nothing and whose gate passes at once ({@code consecutive: 1}), run through the built
 * distribution as an operator would. Prints wall time per host; with {@code ansible-playbook} on
 * the PATH, the same roll with {@code serial: 1} for comparison. Run with {@code
 * bench/roll-overhead.sh}; excluded from the normal test run (tag {@code bench}).
 */
@Tag("bench")
class RollOverheadBench {

  private static final int HOSTS = Integer.getInteger("rollrun.bench.hosts", 50);
  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");

  @Test
  void serialRollOfFiftyHosts() throws Exception {
    try (SshdFleet fleet = SshdFleet.builder().hosts(HOSTS).start()) {
      fleet.startAllServices();
      Path playbook = fleet.dir().resolve("bench.yml");
      Files.writeString(
          playbook,
          """
          name: overhead bench
          inventory: %s
          service:
            name: bench
            stop: "true"
            start: "true"
          rollout:
            batch: 1
          health:
            interval: 100ms
            consecutive: 1
            timeout: 30s
            all:
              - tcp: { port: "{{ host.vars['service.port'] }}" }
          """
              .formatted(fleet.inventory()));
      List<Long> rollrun = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        rollrun.add(
            time(
                List.of(
                    DIST.toString(),
                    playbook.toString(),
                    "--commit",
                    "--yes",
                    "--known-hosts",
                    fleet.knownHosts().toString())));
      }
      report("rollrun (bin/rollrun, whole process)", rollrun);
      if (onPath("ansible-playbook")
          && !"false".equals(System.getProperty("rollrun.bench.ansible"))) {
        Path ansible = ansiblePlaybook(fleet);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          times.add(
              time(
                  List.of(
                      "ansible-playbook",
                      "-i",
                      fleet.dir().resolve("ansible.ini").toString(),
                      ansible.toString())));
        }
        report("ansible-playbook serial: 1 (its default ssh ControlPersist=60s)", times);
      } else {
        System.out.println("ansible-playbook not on the PATH: no comparison");
      }
    }
  }

  private static Path ansiblePlaybook(SshdFleet fleet) throws IOException {
    StringBuilder ini = new StringBuilder("[app]\n");
    for (int i = 1; i <= fleet.size(); i++) {
      ini.append(fleet.name(i))
          .append(" ansible_host=")
          .append(fleet.address(i))
          .append(" ansible_port=")
          .append(fleet.port(i))
          .append(" service_port=")
          .append(fleet.servicePort(i))
          .append('\n');
    }
    ini.append("[app:vars]\nansible_user=")
        .append(fleet.user())
        .append("\nansible_ssh_private_key_file=")
        .append(fleet.privateKey())
        .append("\nansible_ssh_common_args='-o UserKnownHostsFile=")
        .append(fleet.knownHosts())
        .append(" -o StrictHostKeyChecking=yes -o KexAlgorithms=curve25519-sha256'\n")
        .append("ansible_python_interpreter=/usr/bin/python3\n");
    Files.writeString(fleet.dir().resolve("ansible.ini"), ini);
    Path play = fleet.dir().resolve("ansible.yml");
    Files.writeString(
        play,
        """
        - hosts: app
          serial: 1
          gather_facts: false
          tasks:
            - command: "true"
            - command: "true"
            - wait_for: { host: "{{ ansible_host }}", port: "{{ service_port }}", timeout: 30 }
              delegate_to: localhost
        """);
    return play;
  }

  private static long time(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    assertEquals(0, p.exitValue(), "exit code of " + command);
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  private static void report(String what, List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    long median = sorted.get(sorted.size() / 2);
    System.out.printf(
        "BENCH %s: %d hosts, runs %s ms, median %d ms = %.1f ms per host%n",
        what, HOSTS, millis, median, median / (double) HOSTS);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}

package dev.rollrun.tests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rollrun.api.Host;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.health.ProbeResult;
import dev.rollrun.core.health.jmx.TestJvm;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code via: ssh}: the http and jmx probes of {@code rollrun check} and {@code rollrun jmx} reach
 * endpoints bound to loopback addresses of their own (127.0.6.1, 127.0.8.N) through each host's
 * OpenSSH session, a local port forward; the test shows that the endpoints were reached through the
 * forward, not directly.
 */
class HealthThroughSshTest {

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(2).build();

  private static WireMockServer elasticsearch;
  private static final List<TestJvm> jvms = new ArrayList<>();
  private static int jmxPort;

  @BeforeAll
  static void startEndpoints() throws Exception {
    elasticsearch = new WireMockServer(options().bindAddress("127.0.6.1").port(0));
    elasticsearch.start();
    elasticsearch.stubFor(
        get("/_cluster/health")
            .willReturn(aResponse().withBody("{\"status\":\"green\",\"relocating_shards\":0}")));
    jmxPort = TestJvm.freePort("127.0.8.1");
    for (int i = 1; i <= 2; i++) {
      jvms.add(TestJvm.start("127.0.8." + i, jmxPort, 1, 0));
    }
  }

  @AfterAll
  static void stopEndpoints() {
    jvms.forEach(TestJvm::close);
    elasticsearch.stop();
  }

  private Path playbook(String jmxPortText) throws IOException {
    String yaml =
        """
        name: health through ssh
        inventory: %s
        service: { name: demo, stop: "true", start: "true" }
        health:
          interval: 200ms
          consecutive: 1
          timeout: 5s
          all:
            - http:
                name: es
                url: "http://127.0.6.1:%d/_cluster/health"
                via: ssh
                value: $.status
                json:
                  - { path: $.status, equals: green }
                  - { path: $.relocating_shards, equals: 0 }
            - jmx:
                name: gauges
                host: "127.0.8.{{ host.name | replace({'h': ''}) }}"
                port: %s
                mbean: "rollrun.test:type=Gauge,name=*"
                attribute: Value
                via: ssh
                across: all-nodes
                sum: { equals: 0 }
        """
            .formatted(fleet.inventory(), elasticsearch.port(), jmxPortText);
    Path file = fleet.dir().resolve("health-ssh.yml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void checkReadsHttpAndJmxThroughEachHostsSshSession() throws Exception {
    Path playbook = playbook(String.valueOf(jmxPort));
    CommandLineRun run =
        CommandLineRun.of(
            "check", playbook.toString(), "--known-hosts", fleet.knownHosts().toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("ok      h1: es=green"), run.out());
    assertTrue(run.out().contains("ok      h2: es=green"), run.out());
    assertTrue(run.out().contains("ok      gauges sum=0 (h1=[0], h2=[0])"), run.out());
    assertTrue(run.out().contains("healthy: every condition holds"), run.out());
    for (LoggedRequest request :
        elasticsearch.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
      String hostHeader = request.getHeader("Host");
      assertTrue(hostHeader.startsWith("127.0.0.1:"), hostHeader);
      assertFalse(
          hostHeader.endsWith(":" + elasticsearch.port()),
          "reached through a forwarded local port, not directly: " + hostHeader);
    }
  }

  @Test
  void anUnhealthyJmxValueIsShownPerNodeAndExitsThree() throws Exception {
    jvms.get(1).set(0, 4);
    try {
      CommandLineRun run =
          CommandLineRun.of(
              "check",
              playbook(String.valueOf(jmxPort)).toString(),
              "--known-hosts",
              fleet.knownHosts().toString());
      assertEquals(3, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains("NOT OK  gauges sum=4 (h1=[0], h2=[4])"), run.out());
      assertTrue(run.out().contains("NOT healthy"), run.out());
    } finally {
      jvms.get(1).set(0, 0);
    }
  }

  @Test
  void jmxOfAHostRunsJmxtermCommandsThroughTheTunnel() throws Exception {
    jvms.get(0).set(0, 42);
    try {
      CommandLineRun run =
          CommandLineRun.of(
              "jmx",
              "h1",
              "-p",
              playbook(String.valueOf(jmxPort)).toString(),
              "--known-hosts",
              fleet.knownHosts().toString(),
              "--",
              "get -b rollrun.test:type=Gauge,name=0 Value");
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains("Value = 42;"), run.out());
    } finally {
      jvms.get(0).set(0, 0);
    }
  }

  @Test
  void aJvmWhoseRmiServerIsOnAnotherPortIsNamedWithTheFix() throws Exception {
    int registry = TestJvm.freePort("127.0.8.9");
    int rmi = TestJvm.freePort("127.0.8.9");
    while (rmi == registry) {
      rmi = TestJvm.freePort("127.0.8.9");
    }
    try (TestJvm elsewhere = TestJvm.start("127.0.8.9", registry, 1, 0, rmi)) {
      String yaml =
          """
          name: rmi elsewhere
          inventory: %s
          hosts: h1
          service: { name: demo, stop: "true", start: "true" }
          health:
            interval: 200ms
            consecutive: 1
            timeout: 5s
            all:
              - jmx: { host: 127.0.8.9, port: %d, mbean: "rollrun.test:type=Gauge,name=0", attribute: Value, via: ssh }
          """
              .formatted(fleet.inventory(), registry);
      Path file = fleet.dir().resolve("rmi-elsewhere.yml");
      Files.writeString(file, yaml);
      CommandLineRun run =
          CommandLineRun.of(
              "check", file.toString(), "--known-hosts", fleet.knownHosts().toString());
      assertEquals(3, run.exitCode(), run.out() + run.err());
      assertTrue(
          run.out()
              .contains(
                  "sends its RMI connection to 127.0.8.9:"
                      + rmi
                      + ", which is not forwarded through SSH"),
          run.out());
      assertTrue(
          run.out().contains("-Dcom.sun.management.jmxremote.rmi.port=" + registry), run.out());
    }
  }

  @Test
  void theJmxProbesConnectionIsSshdsNotRollruns(@TempDir Path home) throws Exception {
    try (TestJvm jvm = TestJvm.start("127.0.8.7", 0, 1, 0);
        SshShell shell =
            new SshShell(
                SshSettings.defaults().withExtraKnownHosts(fleet.knownHosts()),
                new SshTargetResolver(home.resolve(".ssh/config"), home));
        ProbeByKind probes = ProbeByKind.standard(shell, Duration.ofSeconds(10))) {
      Host h1 =
          new Host(
              fleet.name(1),
              fleet.address(1),
              fleet.port(1),
              fleet.user(),
              fleet.privateKey().toString(),
              List.of(),
              null,
              null,
              Map.of());
      ProbeResult result =
          probes.probe(
              h1,
              new PlannedCondition.JmxCheck(
                  null,
                  jvm.address(),
                  jvm.port(),
                  "rollrun.test:type=Gauge,name=0",
                  "Value",
                  null,
                  null,
                  false,
                  Via.SSH,
                  List.of()));
      assertTrue(result.holds(), String.valueOf(result.problem()));
      String peers = connectionsTo(jvm.address(), jvm.port());
      assertTrue(peers.contains("\"sshd\""), "sshd holds the connection: " + peers);
      assertFalse(
          peers.contains("pid=" + ProcessHandle.current().pid() + ","),
          "rollrun has no connection of its own to the endpoint: " + peers);
    }
  }

  /** {@code ss}'s lines for the TCP connections to an endpoint, with their processes. */
  private static String connectionsTo(String address, int port) throws Exception {
    Process ss =
        new ProcessBuilder("ss", "-Htnp", "dst", address + ":" + port)
            .redirectErrorStream(true)
            .start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ss.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}

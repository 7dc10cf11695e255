package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshTargetResolverTest {

  @TempDir Path home;

  private SshTargetResolver resolver(String config) throws Exception {
    Path file = home.resolve(".ssh/config");
    Files.createDirectories(file.getParent());
    Files.writeString(file, config);
    return new SshTargetResolver(file, home);
  }

  private static Host host(String name, String address, int port, String user, String identity) {
    return new Host(name, address, port, user, identity, List.of(), null, null, Map.of());
  }

  private static final String CONFIG =
      """
      Host web-1
        HostName 10.0.0.5
        Port 2222

      Host web-* !web-9
        User deploy
        IdentityFile ~/.ssh/deploy_key

      Host *
        User nobody
        IdentityFile %d/.ssh/fallback_key
      """;

  @Test
  void sshConfigPatternsSupplyHostNameUserPortAndKeys() throws Exception {
    SshTarget t = resolver(CONFIG).resolve(host("web-1", "web-1", 0, null, null));
    assertEquals("web-1", t.name());
    assertEquals("10.0.0.5", t.hostname());
    assertEquals(2222, t.port());
    assertEquals("deploy", t.user()); // the first value found wins, as in OpenSSH
    assertEquals(
        List.of(home.resolve(".ssh/deploy_key"), home.resolve(".ssh/fallback_key")),
        t.identityFiles());
    assertEquals(List.of(), t.proxyJumps());
  }

  @Test
  void negatedPatternDoesNotMatch() throws Exception {
    SshTarget t = resolver(CONFIG).resolve(host("web-9", "web-9", 0, null, null));
    assertEquals("web-9", t.hostname());
    assertEquals(22, t.port());
    assertEquals("nobody", t.user());
  }

  @Test
  void inventoryValuesWinOverSshConfig() throws Exception {
    SshTarget t = resolver(CONFIG).resolve(host("web-1", "web-1", 2200, "ops", "~/keys/ops_key"));
    assertEquals("10.0.0.5", t.hostname());
    assertEquals(2200, t.port());
    assertEquals("ops", t.user());
    assertEquals(List.of(home.resolve("keys/ops_key")), t.identityFiles());
  }

  @Test
  void withoutSshConfigTheDefaultsApply() throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_ed25519"), "placeholder");
    SshTargetResolver resolver = new SshTargetResolver(home.resolve(".ssh/config"), home);
    SshTarget t = resolver.resolve(host("db-1", "10.1.2.3", 0, null, null));
    assertEquals("10.1.2.3", t.hostname());
    assertEquals(22, t.port());
    assertEquals(System.getProperty("user.name"), t.user());
    assertEquals(List.of(home.resolve(".ssh/id_ed25519")), t.identityFiles());
  }

  @Test
  void jumpHostsAreListedInTheOrderTheyAreCrossed() throws Exception {
    SshTargetResolver resolver =
        resolver(
            """
            Host db-*
              ProxyJump inner
            Host inner
              HostName 10.0.0.2
              ProxyJump ops@bastion:2022
            Host bastion
              HostName bastion.example.com
              User jumper
              IdentityFile ~/.ssh/bastion_key
            """);
    SshTarget t = resolver.resolve(host("db-1", "db-1", 0, "deploy", null));
    assertEquals(
        List.of(
            new SshTarget.Jump(
                "bastion",
                "bastion.example.com",
                2022,
                "ops",
                List.of(home.resolve(".ssh/bastion_key"))),
            new SshTarget.Jump(
                "inner", "10.0.0.2", 22, System.getProperty("user.name"), List.of())),
        t.proxyJumps());
  }

  @Test
  void commaSeparatedJumpsAreCrossedFromLeftToRight() throws Exception {
    SshTarget t =
        resolver("Host db-1\n  ProxyJump first,second:2200\n")
            .resolve(host("db-1", "db-1", 0, "deploy", null));
    assertEquals(
        List.of("first:22", "second:2200"),
        t.proxyJumps().stream().map(SshTarget.Jump::endpoint).toList());
  }

  @Test
  void jumpLoopInSshConfigIsReported() throws Exception {
    SshTargetResolver resolver =
        resolver(
            """
            Host db-1
              ProxyJump a
            Host a
              ProxyJump b
            Host b
              ProxyJump a
            """);
    SshConfigException e =
        assertThrows(
            SshConfigException.class, () -> resolver.resolve(host("db-1", "db-1", 0, null, null)));
    assertTrue(e.getMessage().startsWith("db-1: " + home.resolve(".ssh/config")), e.getMessage());
    assertTrue(e.getMessage().contains("ProxyJump loops back to a"), e.getMessage());
  }

  @Test
  void hostsResolvedInParallelEachGetTheirOwnSshConfig() throws Exception {
    int hosts = 12;
    StringBuilder config = new StringBuilder();
    for (int i = 1; i <= hosts; i++) {
      config.append("Host node-").append(i).append("\n  HostName 10.9.0.").append(i).append('\n');
    }
    config.append("Host *\n  User deploy\n  Port 2222\n");
    Path file = home.resolve(".ssh/config");
    Files.createDirectories(file.getParent());
    Files.writeString(file, config);
    // An operator's config was written long ago (a file written just now reads differently).
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
    ExecutorService pool = Executors.newFixedThreadPool(hosts);
    List<String> wrong = new ArrayList<>();
    try {
      // A fresh resolver per round: the first lookups, which race to read the file, are the risk.
      for (int round = 0; round < 50; round++) {
        SshTargetResolver resolver = new SshTargetResolver(file, home);
        CyclicBarrier start = new CyclicBarrier(hosts);
        List<Future<SshTarget>> resolved = new ArrayList<>();
        for (int i = 1; i <= hosts; i++) {
          Host host = host("node-" + i, "node-" + i, 0, null, null);
          resolved.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return resolver.resolve(host);
                  }));
        }
        for (int i = 1; i <= hosts; i++) {
          SshTarget t = resolved.get(i - 1).get(20, TimeUnit.SECONDS);
          String got = t.user() + "@" + t.hostname() + ":" + t.port();
          if (!got.equals("deploy@10.9.0." + i + ":2222")) {
            wrong.add("round " + round + ": node-" + i + " -> " + got);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        List.of(),
        wrong.subList(0, Math.min(5, wrong.size())),
        wrong.size() + " of " + 50 * hosts + " lookups lost the ssh config, first ones");
  }
}

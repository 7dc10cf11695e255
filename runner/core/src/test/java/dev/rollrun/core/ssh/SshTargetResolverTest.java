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
import java.util.Optional;
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
  void inventoryValuesWinOverSshConfigAndItsKeyIsOfferedFirst() throws Exception {
    SshTarget t = resolver(CONFIG).resolve(host("web-1", "web-1", 2200, "ops", "~/keys/ops_key"));
    assertEquals("10.0.0.5", t.hostname());
    assertEquals(2200, t.port());
    assertEquals("ops", t.user());
    // as ssh -i: the inventory's key first, then those of the config
    assertEquals(
        List.of(
            home.resolve("keys/ops_key"),
            home.resolve(".ssh/deploy_key"),
            home.resolve(".ssh/fallback_key")),
        t.identityFiles());
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
            "bastion ops@bastion.example.com:2022 " + List.of(home.resolve(".ssh/bastion_key")),
            "inner " + System.getProperty("user.name") + "@10.0.0.2:22 []"),
        t.proxyJumps().stream()
            .map(j -> j.alias() + " " + j.user() + "@" + j.endpoint() + " " + j.identityFiles())
            .toList());
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
    assertEquals("db-1: ~/.ssh/config:6: ProxyJump loops back to a", e.getMessage());
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

  private SshTarget resolve(String config, String address) throws Exception {
    return resolver(config).resolve(host(address, address, 0, null, null));
  }

  @Test
  void includedFilesAreReadInNameOrderFromUnderDotSsh() throws Exception {
    Files.createDirectories(home.resolve(".ssh/conf.d"));
    Files.writeString(home.resolve(".ssh/conf.d/20-web.conf"), "Host web-1\n  User second\n");
    Files.writeString(
        home.resolve(".ssh/conf.d/10-web.conf"), "Host web-1\n  User first\n  Port 2201\n");
    SshTarget t = resolve("Include conf.d/*.conf\nHost *\n  User last\n", "web-1");
    assertEquals("first@web-1:2201", t.user() + "@" + t.endpoint());
  }

  @Test
  void proxyCommandIsKeptWithItsTokensExpanded() throws Exception {
    SshTarget t =
        resolve(
            "Host web-1\n  HostName 10.0.0.5\n  User deploy\n"
                + "  ProxyCommand ssh -W %h:%p -l %r bastion # via the bastion\n",
            "web-1");
    assertEquals("exec ssh -W 10.0.0.5:22 -l deploy bastion # via the bastion", t.proxyCommand());
    assertEquals("~/.ssh/config:4", t.proxyCommandSource());
    assertEquals("10.0.0.5:22", t.endpoint());
  }

  @Test
  void matchBlockConcernsOnlyTheHostsItMatches() throws Exception {
    String config =
        """
        Host web-1
          HostName 10.0.0.5
        Match host 10.0.0.*
          User by-address
        Host *
          User everyone
        """;
    assertEquals("by-address", resolve(config, "web-1").user());
    assertEquals("everyone", resolve(config, "db-1").user());
  }

  @Test
  void hostPatternsAreSplitOnWhitespaceOnlyNotOnCommas() throws Exception {
    String config = "Host a,b\n  User comma\nHost b c\n  User spaced\n";
    assertEquals("spaced", resolve(config, "b").user());
    assertEquals("spaced", resolve(config, "c").user());
    assertEquals(System.getProperty("user.name"), resolve(config, "a").user());
  }

  @Test
  void keywordAndValueMayBeJoinedByAnEqualsSignWithAnySpacing() throws Exception {
    SshTarget t =
        resolve("Host=web-1\n  User = root\n  Port=2222\n  HostName =10.0.0.5\n", "web-1");
    assertEquals("root@10.0.0.5:2222", t.user() + "@" + t.endpoint());
  }

  @Test
  void hostNameTokensAreExpandedAndTheNameLowerCased() throws Exception {
    SshTarget t = resolve("Host web-*\n  HostName %h.Internal.Example.COM\n", "web-1");
    assertEquals("web-1.internal.example.com", t.hostname());
  }

  @Test
  void portServiceNamesQuotedValuesAndPathTokensAreRead() throws Exception {
    SshTarget t =
        resolve(
            "Host web-1\n  Port ssh\n  IdentityFile \"~/.ssh/my key\"\n"
                + "  IdentityFile ~/.ssh/%n_%r\n  User deploy\n",
            "web-1");
    assertEquals(22, t.port());
    assertEquals(
        List.of(home.resolve(".ssh/my key"), home.resolve(".ssh/web-1_deploy")), t.identityFiles());
  }

  @Test
  void identitiesOnlyAgentAndKnownHostsFilesReachTheConnection() throws Exception {
    SshTarget t =
        resolve(
            """
            Host web-1
              IdentitiesOnly yes
              IdentityAgent ~/agent.sock
              UserKnownHostsFile ~/.ssh/cluster_hosts %d/.ssh/more_hosts
              GlobalKnownHostsFile /etc/ssh/cluster_known_hosts
              HostKeyAlias Web-Cluster
              StrictHostKeyChecking accept-new
              HashKnownHosts yes
            """,
            "web-1");
    ServerPolicy p = t.policy();
    assertTrue(p.identitiesOnly());
    assertEquals(ServerPolicy.Agent.SOCKET, p.agent());
    assertEquals(home.resolve("agent.sock"), p.agentSocket());
    assertEquals(
        List.of(home.resolve(".ssh/cluster_hosts"), home.resolve(".ssh/more_hosts")),
        p.userKnownHosts());
    assertEquals(List.of(Path.of("/etc/ssh/cluster_known_hosts")), p.globalKnownHosts());
    assertEquals("web-cluster", p.hostKeyAlias());
    assertTrue(p.acceptNew());
    assertTrue(p.hashKnownHosts());
  }

  @Test
  void strictHostKeyCheckingNoIsReadButNotHonoured() throws Exception {
    ServerPolicy p = resolve("Host *\n  StrictHostKeyChecking no\n", "web-1").policy();
    assertEquals(false, p.acceptNew());
    assertEquals(
        "~/.ssh/config:2 sets StrictHostKeyChecking no, which rollrun does not honour: it always"
            + " checks host keys",
        p.notHonoured());
  }

  @Test
  void identityAgentNoneTurnsTheAgentOff() throws Exception {
    assertEquals(
        ServerPolicy.Agent.NONE,
        resolve("Host *\n  IdentityAgent none\n", "web-1").policy().agent());
  }

  @Test
  void matchExecIsRefusedOnlyForTheHostsItConcerns() throws Exception {
    SshTargetResolver resolver =
        resolver("Match host special exec \"test -e /tmp/x\"\n  User from-exec\n");
    SshConfigException e =
        assertThrows(
            SshConfigException.class,
            () -> resolver.resolve(host("special", "special", 0, null, null)));
    assertTrue(
        e.getMessage()
            .startsWith("special: ~/.ssh/config:1: Match exec test -e /tmp/x: rollrun does not"),
        e.getMessage());
    assertEquals(home.resolve(".ssh/config"), e.file());
    assertEquals(1, e.line());
    assertEquals(
        "ordinary", resolver.resolve(host("ordinary", "ordinary", 0, null, null)).hostname());
  }

  @Test
  void lineOpenSshRefusesIsReportedWithItsFileAndLineForEveryHost() throws Exception {
    SshTargetResolver resolver = resolver("Host web-1\n  User deploy\nHost other\n  Port seven\n");
    SshConfigException e =
        assertThrows(
            SshConfigException.class,
            () -> resolver.resolve(host("web-1", "web-1", 0, null, null)));
    assertEquals("web-1: ~/.ssh/config:4: bad port 'seven'", e.getMessage());
  }

  @Test
  void settingRolllrunCannotHonourIsRefusedNamingFileLineAndSetting() throws Exception {
    SshTargetResolver resolver =
        resolver("Host canon-*\n  CanonicalizeHostname yes\nHost *\n  User deploy\n");
    SshConfigException e =
        assertThrows(
            SshConfigException.class,
            () -> resolver.resolve(host("canon-1", "canon-1", 0, null, null)));
    assertEquals(
        "canon-1: ~/.ssh/config:2: CanonicalizeHostname yes: rollrun does not look host names up"
            + " in DNS to rewrite them",
        e.getMessage());
    assertEquals("deploy", resolver.resolve(host("web-1", "web-1", 0, null, null)).user());
  }

  @Test
  void inventorySshOptionsComeBeforeTheConfigAsSshMinusODoes() throws Exception {
    SshTargetResolver resolver = resolver("Host web-1\n  ProxyJump bastion\n  User deploy\n");
    Host host =
        new Host(
            "web-1",
            "web-1",
            0,
            null,
            null,
            List.of(),
            null,
            null,
            Map.of("ssh.options", List.of("ProxyCommand=nc -X connect -x proxy:3128 %h %p")));
    SshTarget t = resolver.resolve(host);
    assertEquals("exec nc -X connect -x proxy:3128 web-1 22", t.proxyCommand());
    assertEquals("inventory ssh.options", t.proxyCommandSource());
    assertEquals(List.of(), t.proxyJumps());
    assertEquals("deploy", t.user());
  }

  @Test
  void systemWideConfigIsReadAfterTheUsersOwn() throws Exception {
    Path user = home.resolve(".ssh/config");
    Files.createDirectories(user.getParent());
    Files.writeString(user, "Host web-1\n  User from-user-file\n");
    Path system = home.resolve("etc/ssh_config");
    Files.createDirectories(system.getParent());
    Files.writeString(system, "Host *\n  User from-system\n  Port 2222\n");
    SshTargetResolver resolver =
        new SshTargetResolver(user, true, system, LocalAccount.current().withHome(home), List.of());
    SshTarget t = resolver.resolve(host("web-1", "web-1", 0, null, null));
    assertEquals("from-user-file@web-1:2222", t.user() + "@" + t.endpoint());
  }

  @Test
  void configOthersCanWriteIsRefusedAsSshRefusesIt() throws Exception {
    Path user = home.resolve(".ssh/config");
    Files.createDirectories(user.getParent());
    Files.writeString(user, "Host *\n  User deploy\n");
    Files.setPosixFilePermissions(
        user, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    SshTargetResolver resolver =
        new SshTargetResolver(user, true, null, LocalAccount.current().withHome(home), List.of());
    SshConfigException e =
        assertThrows(
            SshConfigException.class,
            () -> resolver.resolve(host("web-1", "web-1", 0, null, null)));
    assertTrue(e.getMessage().contains("bad owner or permissions"), e.getMessage());
  }

  @Test
  void explainSaysWhereEverySettingCameFrom() throws Exception {
    SshTargetResolver resolver =
        resolver(
            """
            Host web-1
              HostName 10.0.0.5
              ProxyJump ops@bastion
            Host bastion
              HostName 192.0.2.1
            Host *
              User deploy
              Ciphers aes256-ctr
            """);
    SshExplanation e = resolver.explain(host("web-1", "web-1", 2200, null, null));
    assertTrue(e.connects());
    assertTrue(
        e.settings()
            .contains(new SshExplanation.Setting("hostname", "10.0.0.5", "~/.ssh/config:2")));
    assertTrue(e.settings().contains(new SshExplanation.Setting("port", "2200", "inventory")));
    assertTrue(
        e.settings().contains(new SshExplanation.Setting("user", "deploy", "~/.ssh/config:7")));
    assertTrue(
        e.settings()
            .contains(new SshExplanation.Setting("proxyjump", "ops@bastion", "~/.ssh/config:3")));
    assertEquals(1, e.jumps().size());
    assertEquals(Optional.of("192.0.2.1"), e.jumps().get(0).value("hostname"));
    assertEquals(Optional.of("ops"), e.jumps().get(0).value("user"));
    assertEquals(
        List.of(
            new SshExplanation.Setting(
                "Ciphers",
                "Ciphers aes256-ctr (rollrun uses MINA SSHD's algorithms)",
                "~/.ssh/config:8")),
        e.ignored());
  }

  @Test
  void explainOfARefusedHostSaysWhy() throws Exception {
    SshExplanation e =
        resolver("Host *\n  PubkeyAuthentication no\n")
            .explain(host("web-1", "web-1", 0, null, null));
    assertEquals(false, e.connects());
    assertEquals(
        "~/.ssh/config:2: PubkeyAuthentication no: rollrun authenticates with public keys only",
        e.refusal());
  }

  @Test
  void hostsResolvedInParallelThroughMatchAndIncludeEachGetTheirOwnSettings() throws Exception {
    int hosts = 40;
    Files.createDirectories(home.resolve(".ssh/hosts.d"));
    for (int i = 1; i <= hosts; i++) {
      Files.writeString(
          home.resolve(".ssh/hosts.d/node-" + i + ".conf"),
          "Host node-" + i + "\n  HostName 10.9.0." + i + "\n");
    }
    SshTargetResolver resolver =
        resolver(
            """
            Include hosts.d/*.conf
            Match host 10.9.0.*
              Port 2222
            Match originalhost node-*
              User deploy
            """);
    // Every host starts at once, on a fresh resolver: the first lookups race to read the files.
    ExecutorService pool = Executors.newFixedThreadPool(hosts);
    try {
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
        assertEquals("deploy@10.9.0." + i + ":2222", t.user() + "@" + t.endpoint());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void explainOfAHostWhoseIdentityFileCannotBeExpandedShowsTheRestAndWhy() throws Exception {
    SshExplanation e =
        resolver("Host *\n  IdentityFile ~/.ssh/%C\n  User deploy\n")
            .explain(host("web-1", "web-1", 0, null, null));
    assertEquals(false, e.connects());
    assertEquals(Optional.of("deploy"), e.value("user"));
    assertEquals(List.of(), e.values("identityfile"));
    assertTrue(
        e.refusal().startsWith("~/.ssh/config:2: IdentityFile \"~/.ssh/%C\": %C means"),
        e.refusal());
  }
}

package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.plugin.PluginJars;
import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A behaviour that asks its cluster which members it has and which one leads: the roll follows the
 * cluster's order (the leader last), prints what the cluster said, keeps the digest of the plan
 * made offline, and refuses before anything is stopped when the cluster and the inventory disagree
 * or the cluster cannot be asked. The "cluster" here is a members file the behaviour reads, written
 * by each test as a real cluster's membership API would answer.
 */
class DiscoveryOverOpenSshTest {

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(3).build();

  @TempDir static Path plugins;

  @TempDir Path dir;

  @BeforeAll
  static void buildPlugin() {
    PluginJars.plugin("leader-last", "1.0.0")
        .source(
            "com.example.LeaderLast",
            """
            package com.example;
            import dev.rollrun.api.*;
            import java.nio.file.*;
            import java.util.*;
            @org.pf4j.Extension
            public class LeaderLast implements ClusterBehaviour {
              public String id() { return "leader-last"; }
              public String defaultStopCommand() { return "~/svc stop"; }
              public String defaultStartCommand() { return "~/svc start"; }
              public boolean defaultCommandsNeedSudo() { return false; }
              public String settingsSchema() {
                return "{\\"type\\":\\"object\\",\\"properties\\":{\\"members\\":{\\"type\\":\\"string\\"}}}";
              }
              // Each line of the members file: id, host (or -), roles (comma-separated, or -).
              public ClusterView discover(TaskContext ctx, TaskArgs settings, List<Host> hosts)
                  throws Exception {
                ctx.log("asking " + settings.string("members"));
                List<ClusterMember> members = new ArrayList<>();
                for (String line : Files.readAllLines(Path.of((String) settings.string("members")))) {
                  String[] f = line.trim().split("\\\\s+");
                  if (f.length < 3) continue;
                  List<String> roles = f[2].equals("-") ? List.of() : List.of(f[2].split(","));
                  members.add(new ClusterMember(f[1].equals("-") ? null : f[1], f[0], roles,
                      Map.of("member_id", f[0])));
                }
                String leader = members.stream().filter(m -> m.roles().contains("leader"))
                    .map(ClusterMember::id).findFirst().orElse("none");
                return new ClusterView(members, List.of("leader: member " + leader));
              }
              public List<Host> order(List<Host> hosts) {
                List<Host> ordered = new ArrayList<>(hosts);
                ordered.sort(Comparator.comparing(h -> h.hasRole("leader")));
                return ordered;
              }
            }
            """)
        .writeTo(plugins);
  }

  @BeforeEach
  void services() {
    fleet.startAllServices();
  }

  private Path members(String text) throws IOException {
    return Files.writeString(dir.resolve("members.txt"), text);
  }

  private Path playbook(Path members) throws IOException {
    return Files.writeString(
        dir.resolve("roll.yml"),
        """
        name: discovered roll
        cluster: leader-last
        inventory: %s
        settings:
          members: "%s"
        health:
          interval: 200ms
          consecutive: 1
          timeout: 15s
          all:
            - command: { run: "~/svc status" }
        """
            .formatted(fleet.inventory(), members));
  }

  private CommandLineRun rollrun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--plugins", plugins.toString()));
    all.addAll(List.of("--known-hosts", fleet.knownHosts().toString()));
    all.addAll(List.of("--state-dir", dir.resolve("state").toString()));
    return CommandLineRun.of(all.toArray(String[]::new));
  }

  private List<String> stopped(int since) {
    return fleet.events().subList(since, fleet.events().size()).stream()
        .filter(e -> e.action().equals(ServiceEvent.STOP))
        .map(ServiceEvent::host)
        .toList();
  }

  @Test
  void theRollFollowsTheClustersOrderAndKeepsTheOfflineDigest() throws IOException {
    Path members =
        members(
            """
            7 h1 voter,leader
            8 h2 voter
            9 h3 voter
            """);
    Path playbook = playbook(members);
    CommandLineRun plan =
        CommandLineRun.of("plan", playbook.toString(), "--plugins", plugins.toString());
    assertEquals(0, plan.exitCode(), plan.out() + plan.err());
    String offlineDigest = digest(plan.out());
    int before = fleet.events().size();

    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(List.of(fleet.name(2), fleet.name(3), fleet.name(1)), stopped(before));
    assertTrue(run.out().contains("the leader-last cluster says:"), run.out());
    assertTrue(run.out().contains("  leader: member 7"), run.out());
    assertTrue(run.out().contains("  h1: 7 (voter, leader)"), run.out());
    assertTrue(run.out().contains("  leader-last: asking " + members), run.out());
    assertEquals(offlineDigest, digest(run.out()), "the run follows the plan a reviewer saw");
  }

  @Test
  void aDryRunShowsTheClustersOrderAndStopsNothing() throws IOException {
    Path playbook = playbook(members("1 h1 voter\n2 h2 voter,leader\n3 h3 voter\n"));
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "order      batch 1: h1\n"
                    + "           batch 2: h3\n"
                    + "           batch 3: h2\n"),
        "h1, h3, then the leader h2:\n" + run.out());
    assertTrue(run.out().contains("connected to"), run.out());
    assertEquals(before, fleet.events().size(), "a dry run changes nothing");
  }

  @Test
  void aMemberTheInventoryLacksAndAHostTheClusterLacksStopTheRollBeforeAnything()
      throws IOException {
    Path playbook = playbook(members("1 h1 voter,leader\n2 h2 voter\n4 - voter\n"));
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    String all = run.out() + run.err();
    assertTrue(
        all.contains(
            "the leader-last cluster and the inventory do not match, so nothing was stopped"),
        all);
    assertTrue(all.contains("cluster member 4 matches no host of the inventory"), all);
    assertTrue(
        all.contains("host h3 is in the inventory but not in the cluster (it lists 1, 2, 4)"), all);
    assertTrue(!all.contains("Exception") && !all.contains("\tat "), all);
    assertEquals(before, fleet.events().size(), "nothing stopped");
  }

  @Test
  void aClusterThatCannotBeAskedStopsTheRollWithTheReason() throws IOException {
    Path playbook = playbook(dir.resolve("no-such-members-file"));
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    String all = run.out() + run.err();
    assertTrue(
        all.contains(
            "cannot ask the leader-last cluster which members it has, so nothing was stopped"),
        all);
    assertTrue(all.contains("no-such-members-file"), all);
    assertEquals(before, fleet.events().size(), "nothing stopped");
  }

  private static String digest(String output) {
    Matcher m = Pattern.compile("(?m)^plan ([0-9a-f]{12})\\b").matcher(output);
    assertTrue(m.find(), "a digest in:\n" + output);
    return m.group(1);
  }
}

package dev.rollrun.plugins.zookeeper;

import static dev.rollrun.plugins.zookeeper.Members.down;
import static dev.rollrun.plugins.zookeeper.Members.ensemble;
import static dev.rollrun.plugins.zookeeper.Members.follower;
import static dev.rollrun.plugins.zookeeper.Members.leader;
import static dev.rollrun.plugins.zookeeper.Members.observer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnsembleDiscoveryTest {

  private static String members(ClusterView view) {
    return String.join(
        "; ", view.members().stream().map(m -> m.host() + "=" + m.id() + " " + m.roles()).toList());
  }

  @Test
  void eachHostIsTheMemberThatAnsweredWithItsRole() {
    ClusterView view =
        EnsembleDiscovery.of(
            List.of(follower(1, 3), leader(2, 3, 2), follower(3, 3), observer(4, 3)),
            List.of(4L),
            "directly");
    assertEquals(
        "zk-1=server 1 [follower]; zk-2=server 2 [leader]; zk-3=server 3 [follower];"
            + " zk-4=server 4 [observer]",
        members(view));
    assertEquals(
        "ensemble: 3 voting members [1, 2, 3], leader zk-2 (server 2) with 2 of 2 followers in"
            + " sync; asked the AdminServer of 4 of 4 host(s) directly",
        view.notes().get(0));
    ClusterMember leader = view.members().get(1);
    assertEquals(2, leader.facts().get("synced_followers"));
    assertEquals("leading - broadcast", leader.facts().get("peer_state"));
  }

  @Test
  void aMemberThatDoesNotAnswerIsFoundByItsAddressAndSaidToBeDown() {
    ClusterView view =
        EnsembleDiscovery.of(
            List.of(down(1), leader(2, 3, 1), follower(3, 3)), List.of(), "directly");
    assertEquals(
        "zk-1=server 1 []; zk-2=server 2 [leader]; zk-3=server 3 [follower]", members(view));
    assertTrue(
        view.notes()
            .contains(
                "zk-1 does not answer at 10.0.0.1:8080: connection refused (voting member 1"
                    + " (10.0.0.1:2181))"),
        view.notes().toString());
  }

  @Test
  void aMemberOfNoInventoryHostAndAHostOfNoMemberAreBothSaid() {
    Host stranger = Members.host("zk-9", "10.9.9.9");
    MemberStatus silent = MemberStatus.silent(stranger, "10.9.9.9:8080", "connection refused");
    ClusterView view =
        EnsembleDiscovery.of(
            List.of(leader(2, 3, 1), follower(3, 3), silent), List.of(), "directly");
    ClusterMember orphan = view.members().get(0);
    assertNull(orphan.host());
    assertEquals("server 1 at 10.0.0.1:2181", orphan.id());
    String notes = String.join("\n", view.notes());
    assertTrue(
        notes.contains("voting member 1 (10.0.0.1:2181) is in no inventory host of this roll"),
        notes);
    assertTrue(
        notes.contains(
            "zk-9 does not answer at 10.9.9.9:8080: connection refused; no member of the ensemble"
                + " [1, 2, 3] has its address (set zookeeper_id to name its member)"),
        notes);
  }

  @Test
  void aHostThatNamesItsMemberIsMatchedWhenItDoesNotAnswer() {
    Host named = Members.host("zk-1", "zk-1.example", Map.of("zookeeper_id", 1));
    MemberStatus silent = MemberStatus.silent(named, "zk-1.example:8080", "connection refused");
    ClusterView view =
        EnsembleDiscovery.of(
            List.of(silent, leader(2, 3, 1), follower(3, 3)), List.of(), "directly");
    assertEquals("zk-1", view.members().get(0).host());
  }

  @Test
  void aHostOfAnotherEnsembleIsNotTakenForAMember() {
    MemberStatus other =
        new MemberStatus(
            Members.host("zk-7", "10.0.0.7"),
            "10.0.0.7:8080",
            null,
            7,
            "leader",
            "leading - broadcast",
            3,
            2,
            0,
            Map.of(
                7L, new EnsembleSeat(7, "10.0.0.7", ""), 8L, new EnsembleSeat(8, "10.0.0.8", "")));
    ClusterView view =
        EnsembleDiscovery.of(
            List.of(follower(1, 3), leader(2, 3, 2), other), List.of(), "directly");
    assertTrue(
        view.members().stream().anyMatch(m -> m.host() == null),
        "a member no host answered as, so the roll is refused: " + members(view));
    String notes = String.join("\n", view.notes());
    assertTrue(notes.contains("the members disagree on the voting members"), notes);
  }

  @Test
  void twoHostsAnsweringAsOneMemberAreSaid() {
    MemberStatus twin =
        new MemberStatus(
            Members.host("zk-1b", "10.0.0.1"),
            "10.0.0.1:8080",
            null,
            1,
            "follower",
            "following - broadcast",
            3,
            -1,
            -1,
            ensemble(3));
    ClusterView view =
        EnsembleDiscovery.of(
            List.of(follower(1, 3), twin, leader(2, 3, 2), follower(3, 3)), List.of(), "directly");
    assertTrue(
        view.notes().stream().anyMatch(n -> n.startsWith("zk-1b and zk-1 both answer as member 1")),
        view.notes().toString());
  }
}

package dev.rollrun.plugins.zookeeper;

import static dev.rollrun.plugins.zookeeper.Members.down;
import static dev.rollrun.plugins.zookeeper.Members.follower;
import static dev.rollrun.plugins.zookeeper.Members.leader;
import static dev.rollrun.plugins.zookeeper.Members.looking;
import static dev.rollrun.plugins.zookeeper.Members.observer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumCheckTest {

  @Test
  void aWholeEnsembleMayLoseAnyOneMember() {
    List<MemberStatus> all = List.of(follower(1, 3), follower(2, 3), leader(3, 3, 2));
    for (MemberStatus self : all) {
      Verdict verdict = QuorumCheck.verdict(self, all);
      assertTrue(verdict.safe(), verdict.reason());
      assertEquals(
          "the leader zk-3 has 2 of 2 followers in sync; without "
              + self.name()
              + ", 2 of 3 voting members remain, the quorum is 2",
          verdict.reason());
    }
  }

  @Test
  void aFollowerDownMakesEveryOtherVoterUnsafeToStopNamingIt() {
    List<MemberStatus> all = List.of(down(1), follower(2, 3), leader(3, 3, 1));
    Verdict follower = QuorumCheck.verdict(all.get(1), all);
    assertFalse(follower.safe());
    assertEquals(
        "zk-1 does not answer at 10.0.0.1:8080: connection refused; the leader zk-3 has 1 of 2"
            + " followers in sync; stopping zk-2 would leave 1 of 3 voting members in sync, and"
            + " the quorum needs 2",
        follower.reason());
    Verdict leader = QuorumCheck.verdict(all.get(2), all);
    assertFalse(leader.safe());
    assertTrue(leader.reason().startsWith("zk-1 does not answer"), leader.reason());
  }

  @Test
  void aMemberThatIsDownAlreadyMayBeStoppedWhenTheOthersAreInSync() {
    List<MemberStatus> all = List.of(down(1), follower(2, 3), leader(3, 3, 1));
    Verdict verdict = QuorumCheck.verdict(all.get(0), all);
    assertTrue(verdict.safe(), verdict.reason());
    assertEquals(
        "zk-1 does not answer at 10.0.0.1:8080: connection refused, so stopping it changes"
            + " nothing for the quorum: the leader zk-3 has 1 of 2 followers in sync, 2 of 3"
            + " voting members, the quorum is 2",
        verdict.reason());
  }

  @Test
  void aFollowerStillSyncingIsNotInSync() {
    List<MemberStatus> all = List.of(looking(1, 3), follower(2, 3), leader(3, 3, 1));
    Verdict verdict = QuorumCheck.verdict(all.get(1), all);
    assertFalse(verdict.safe());
    assertTrue(
        verdict.reason().startsWith("zk-1 is looking - election, not in sync"), verdict.reason());
  }

  @Test
  void fiveMembersWithOneDownKeepAQuorumButOneMoreFailureWouldLoseIt() {
    List<MemberStatus> all =
        List.of(down(1), follower(2, 5), follower(3, 5), follower(4, 5), leader(5, 5, 3));
    Verdict verdict = QuorumCheck.verdict(all.get(1), all);
    assertFalse(verdict.safe());
    assertTrue(
        verdict
            .reason()
            .endsWith(
                "stopping zk-2 would leave 3 of 5 voting members in sync: the quorum (3) would"
                    + " hold, but one more failure would lose it"),
        verdict.reason());
  }

  @Test
  void anObserverDoesNotVote() {
    List<MemberStatus> all = List.of(down(1), follower(2, 3), leader(3, 3, 1), observer(4, 3));
    Verdict verdict = QuorumCheck.verdict(all.get(3), all);
    assertTrue(verdict.safe(), verdict.reason());
    assertEquals(
        "zk-4 is an observer: it does not vote, the quorum does not change", verdict.reason());
  }

  @Test
  void noLeaderOrTwoLeadersIsNeverSafe() {
    List<MemberStatus> none = List.of(looking(1, 3), looking(2, 3), looking(3, 3));
    Verdict verdict = QuorumCheck.verdict(none.get(0), none);
    assertFalse(verdict.safe());
    assertTrue(verdict.reason().endsWith("no member is the leader"), verdict.reason());
    List<MemberStatus> two = List.of(leader(1, 3, 1), follower(2, 3), leader(3, 3, 1));
    Verdict split = QuorumCheck.verdict(two.get(1), two);
    assertFalse(split.safe());
    assertTrue(split.reason().contains("2 members say they lead: zk-1, zk-3"), split.reason());
  }
}

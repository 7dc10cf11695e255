package dev.rollrun.plugins.zookeeper;

import dev.rollrun.api.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether one member may be stopped now without putting the quorum at risk: every other voting
 * member must be in sync with the one leader (the leader's {@code synced_followers} counts them),
 * so that after the stop the ensemble still has every member but this one. An observer does not
 * vote: stopping it never touches the quorum. A member that is already down or out of sync may be
 * stopped (again) when all the others are in sync.
 */
final class QuorumCheck {

  private QuorumCheck() {}

  /**
   * @param self the member to stop, as it answered (or not)
   * @param all every member of the cluster, {@code self} among them
   */
  static Verdict verdict(MemberStatus self, List<MemberStatus> all) {
    if (self.isObserver()) {
      return Verdict.safe(
          self.name() + " is an observer: it does not vote, the quorum does not change");
    }
    List<MemberStatus> leaders = all.stream().filter(MemberStatus::isLeader).toList();
    List<String> wrong = new ArrayList<>();
    for (MemberStatus other : all) {
      if (other == self || other.isObserver()) {
        continue;
      }
      if (!other.answered() || !other.inSync()) {
        wrong.add(other.whyNotInSync());
      }
    }
    if (leaders.size() != 1) {
      wrong.add(
          leaders.isEmpty()
              ? "no member is the leader"
              : leaders.size()
                  + " members say they lead: "
                  + String.join(", ", leaders.stream().map(MemberStatus::name).toList()));
      return Verdict.unsafe(String.join("; ", wrong));
    }
    MemberStatus leader = leaders.get(0);
    int voters = leader.quorumSize();
    int majority = voters / 2 + 1;
    int inSync = 1 + Math.max(0, leader.syncedFollowers());
    boolean selfCounted = self == leader || self.isFollower() && self.inSync();
    int after = inSync - (selfCounted ? 1 : 0);
    String counts =
        "the leader "
            + leader.name()
            + " has "
            + Math.max(0, leader.syncedFollowers())
            + " of "
            + (voters - 1)
            + " followers in sync";
    if (after >= voters - 1 && wrong.isEmpty() && !selfCounted) {
      return Verdict.safe(
          self.whyNotInSync()
              + ", so stopping it changes nothing for the quorum: "
              + counts
              + ", "
              + after
              + " of "
              + voters
              + " voting members, the quorum is "
              + majority);
    }
    if (after >= voters - 1 && wrong.isEmpty()) {
      return Verdict.safe(
          counts
              + "; without "
              + self.name()
              + ", "
              + after
              + " of "
              + voters
              + " voting members remain, the quorum is "
              + majority);
    }
    wrong.add(counts);
    String consequence =
        after < majority
            ? "stopping "
                + self.name()
                + " would leave "
                + after
                + " of "
                + voters
                + " voting members in sync, and the quorum needs "
                + majority
            : "stopping "
                + self.name()
                + " would leave "
                + after
                + " of "
                + voters
                + " voting members in sync: the quorum ("
                + majority
                + ") would hold, but one more failure would lose it";
    return Verdict.unsafe(String.join("; ", wrong) + "; " + consequence);
  }
}

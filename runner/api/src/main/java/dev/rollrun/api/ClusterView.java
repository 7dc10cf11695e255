package dev.rollrun.api;

import java.util.List;

/**
 * What a {@link ClusterBehaviour} learnt by asking the cluster: its members, each matched to an
 * inventory host or not, and notes worth showing the operator (the quorum leader, the elected
 * master, the source asked).
 *
 * @param members every member the cluster reports, in the cluster's own order
 * @param notes lines shown before the roll, e.g. {@code quorum leader: broker 2}
 */
public record ClusterView(List<ClusterMember> members, List<String> notes) {

  public ClusterView {
    members = List.copyOf(members);
    notes = List.copyOf(notes);
  }
}

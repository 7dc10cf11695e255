package dev.rollrun.core.plan;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a roll will do, decided before anything touches a host: batches of nodes, each node's
 * steps with every template rendered, the health gates, and the cluster-wide steps. Built once by
 * {@link Planner}, never changed; the same inputs give an identical plan, whose {@link #digest()}
 * lets a reviewer match a run to the plan they approved.
 *
 * @param playbookName the playbook's {@code name:}
 * @param playbookFile the playbook file as the operator named it
 * @param cluster the cluster behaviour id
 * @param inventorySource the inventory the hosts came from, as the operator named it
 * @param selection which hosts were selected, in words ({@code all hosts}, {@code role broker})
 * @param ramp the batch sizes as written, e.g. {@code 1, 25%}
 * @param pause the pause between batches
 * @param preCluster steps run once before the first node
 * @param batches the batches in order
 * @param postCluster steps run once after the last node
 * @param onFailure steps run once when the run fails or is interrupted (post-cluster steps then do
 *     not run)
 * @param bystanders the nodes of the playbook's selection that this run does not roll ({@code
 *     --limit} left them out), each with its health gate and no steps: their health counts before
 *     the first node and after every batch, and nothing runs on them
 * @param digest a short hash of everything above, the two files named by content ({@link
 *     SourceNames})
 */
public record RolloutPlan(
    String playbookName,
    String playbookFile,
    String cluster,
    String inventorySource,
    String selection,
    String ramp,
    Duration pause,
    List<PlannedStep> preCluster,
    List<Batch> batches,
    List<PlannedStep> postCluster,
    List<PlannedStep> onFailure,
    List<NodePlan> bystanders,
    String digest) {

  public RolloutPlan {
    preCluster = List.copyOf(preCluster);
    batches = List.copyOf(batches);
    postCluster = List.copyOf(postCluster);
    onFailure = List.copyOf(onFailure);
    bystanders = List.copyOf(bystanders);
  }

  /**
   * This plan under another digest: a plan made again at run time from what the cluster says (the
   * order, the roles it found) keeps the digest of the plan made offline, which is the one
   * reviewed, journaled and compared on resume.
   */
  public RolloutPlan withDigest(String other) {
    return new RolloutPlan(
        playbookName,
        playbookFile,
        cluster,
        inventorySource,
        selection,
        ramp,
        pause,
        preCluster,
        batches,
        postCluster,
        onFailure,
        bystanders,
        other);
  }

  /** Every node in roll order. */
  public List<NodePlan> nodes() {
    return batches.stream().flatMap(b -> b.nodes().stream()).toList();
  }

  /**
   * Every node whose health counts, each with its health gate: the nodes this run rolls, in roll
   * order, then the {@link #bystanders}: the playbook's whole selection, whatever {@code --limit}
   * and {@code --skip} leave to roll.
   */
  public List<NodePlan> clusterHealth() {
    return Stream.concat(nodes().stream(), bystanders.stream()).toList();
  }

  public int nodeCount() {
    return batches.stream().mapToInt(b -> b.nodes().size()).sum();
  }

  /** Every step of the plan, cluster-wide and per node, in order. */
  public Stream<PlannedStep> allSteps() {
    return Stream.of(
            preCluster.stream(),
            batches.stream().flatMap(b -> b.nodes().stream()).flatMap(n -> n.steps().stream()),
            postCluster.stream(),
            onFailure.stream())
        .flatMap(s -> s);
  }
}

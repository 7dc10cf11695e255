package dev.rollrun.api;

import java.util.List;

/**
 * A "safe to stop?" predicate of a {@link ClusterBehaviour}, asked for each node right before it is
 * stopped, and for every node in a dry run. It only looks: it must not change anything.
 *
 * <pre>{@code
 * StopCheck.of("in-sync replicas", (ctx, settings) -> {
 *   CommandOutput urp = ctx.run("kafka-topics.sh --describe --under-replicated-partitions");
 *   return urp.stdout().isBlank()
 *       ? Verdict.safe("no under-replicated partitions")
 *       : Verdict.unsafe("under-replicated partitions: " + urp.stdout().lines().count());
 * });
 * }</pre>
 *
 * <p>A check that must ask the node's peers (is the rest of a quorum up?) takes the cluster too:
 *
 * <pre>{@code
 * StopCheck.of("quorum", (ctx, settings, cluster) -> {
 *   long down = cluster.stream().filter(h -> !answers(ctx, h)).count();
 *   return down == 0 ? Verdict.safe("every member answers") : Verdict.unsafe(down + " member(s) down");
 * });
 * }</pre>
 */
public interface StopCheck {

  /** A short name shown in plans and messages, e.g. {@code in-sync replicas}. */
  String name();

  /**
   * @param settings the playbook's {@code settings:}
   * @return whether the node may be stopped now, with the reason
   */
  Verdict check(TaskContext context, TaskArgs settings) throws Exception;

  /**
   * The check as rollrun asks it: with the hosts of the cluster, so that a check can ask the node's
   * peers (through {@link TaskContext#tunnel} when their ports are closed to the operator's
   * machine). By default it does not need them.
   *
   * @param cluster the playbook's whole selection in roll order, whatever {@code --limit} leaves to
   *     roll, this node among them, each with the roles and {@code discovered.*} variables
   *     discovery gave it
   */
  default Verdict check(TaskContext context, TaskArgs settings, List<Host> cluster)
      throws Exception {
    return check(context, settings);
  }

  /** What a check does, as a lambda. */
  @FunctionalInterface
  interface Predicate {
    Verdict check(TaskContext context, TaskArgs settings) throws Exception;
  }

  /** What a check that asks the node's peers does, as a lambda. */
  @FunctionalInterface
  interface ClusterPredicate {
    Verdict check(TaskContext context, TaskArgs settings, List<Host> cluster) throws Exception;
  }

  /** A check named {@code name} that runs {@code predicate}. */
  static StopCheck of(String name, Predicate predicate) {
    return new StopCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Verdict check(TaskContext context, TaskArgs settings) throws Exception {
        return predicate.check(context, settings);
      }
    };
  }

  /** A check named {@code name} that runs {@code predicate} with the cluster's hosts. */
  static StopCheck of(String name, ClusterPredicate predicate) {
    return new StopCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Verdict check(TaskContext context, TaskArgs settings) throws Exception {
        return predicate.check(
            context, settings, context.host() == null ? List.of() : List.of(context.host()));
      }

      @Override
      public Verdict check(TaskContext context, TaskArgs settings, List<Host> cluster)
          throws Exception {
        return predicate.check(context, settings, cluster);
      }
    };
  }
}

package dev.rollrun.api;

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
 */
public interface StopCheck {

  /** A short name shown in plans and messages, e.g. {@code in-sync replicas}. */
  String name();

  /**
   * @param settings the playbook's {@code settings:}
   * @return whether the node may be stopped now, with the reason
   */
  Verdict check(TaskContext context, TaskArgs settings) throws Exception;

  /** What a check does, as a lambda. */
  @FunctionalInterface
  interface Predicate {
    Verdict check(TaskContext context, TaskArgs settings) throws Exception;
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
}

package dev.rollrun.api;

/**
 * Steps a {@link ClusterBehaviour} wraps around each node: {@link #before} right before the node is
 * stopped, {@link #after} once it is started again, before the health gate. Elasticsearch, for
 * example, sets shard allocation to {@code primaries} before a node stops and back to {@code all}
 * once it runs again, so the cluster can turn green.
 *
 * <pre>{@code
 * NodeWrapper.of("allocation primaries",
 *     (ctx, settings) -> ctx.httpPost(url, "{\"transient\":{\"cluster.routing.allocation.enable\":\"primaries\"}}", "application/json"),
 *     (ctx, settings) -> ctx.httpPost(url, "{\"transient\":{\"cluster.routing.allocation.enable\":null}}", "application/json"));
 * }</pre>
 *
 * A node whose {@code before} ran always runs its {@code after}, even when a step of that node
 * failed in between: a temporary setting is never left behind by a failed node that could still be
 * reached.
 */
public interface NodeWrapper {

  /** A short name shown in plans and messages. */
  String name();

  /** Right before the node is stopped. */
  void before(TaskContext context, TaskArgs settings) throws Exception;

  /** Once the node is started again, before the health gate. */
  void after(TaskContext context, TaskArgs settings) throws Exception;

  /** What one side of a wrapper does, as a lambda. */
  @FunctionalInterface
  interface Action {
    void run(TaskContext context, TaskArgs settings) throws Exception;
  }

  /** A wrapper named {@code name} doing {@code before} and {@code after}. */
  static NodeWrapper of(String name, Action before, Action after) {
    return new NodeWrapper() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void before(TaskContext context, TaskArgs settings) throws Exception {
        before.run(context, settings);
      }

      @Override
      public void after(TaskContext context, TaskArgs settings) throws Exception {
        after.run(context, settings);
      }
    };
  }
}

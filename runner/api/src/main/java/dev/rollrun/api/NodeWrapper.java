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
 * A wrapper is an owned setting: rollrun journals it before {@code before} changes anything and
 * again once {@code after} has put it back. A node whose {@code before} ran always runs its {@code
 * after}, even when a step of that node failed in between or the run was interrupted, and {@code
 * rollrun recover} runs the {@code after} of every wrapper a crashed run left set: a temporary
 * setting is never left behind by a node that can still be reached.
 */
public interface NodeWrapper {

  /** A short name shown in plans and messages. */
  String name();

  /**
   * Reads what {@link #before} is about to change, e.g. the cluster setting's current value, so
   * that {@link #after} can put back exactly that, not a guess. rollrun journals the result before
   * {@code before} runs: after a crash, {@code rollrun recover} hands it to {@code after}. {@code
   * null} (the default) when there is nothing to save.
   */
  default String save(TaskContext context, TaskArgs settings) throws Exception {
    return null;
  }

  /** Right before the node is stopped. */
  void before(TaskContext context, TaskArgs settings) throws Exception;

  /**
   * Once the node is started again, before the health gate; also when a step of the node failed
   * after {@code before} ran, when the run is interrupted, and (unless {@link #recover} is
   * overridden) from {@code rollrun recover} after a crash. It must therefore work whether or not
   * the node is running.
   *
   * @param saved what {@link #save} returned for this node, or {@code null}
   */
  void after(TaskContext context, TaskArgs settings, String saved) throws Exception;

  /**
   * From {@code rollrun recover} after a crash, in place of {@link #after}: puts back what {@link
   * #save} returned. recover starts and stops nothing, so the node may be down and stay down; a
   * wrapper whose {@code after} waits for its node to come back puts the setting back at once here.
   * By default {@link #after}.
   *
   * @param saved what {@link #save} returned for this node, or {@code null}
   */
  default void recover(TaskContext context, TaskArgs settings, String saved) throws Exception {
    after(context, settings, saved);
  }

  /** What one side of a wrapper does, as a lambda. */
  @FunctionalInterface
  interface Action {
    void run(TaskContext context, TaskArgs settings) throws Exception;
  }

  /** Reads the value a wrapper will change, as a lambda. */
  @FunctionalInterface
  interface Save {
    String read(TaskContext context, TaskArgs settings) throws Exception;
  }

  /** Puts back what {@link Save} read, as a lambda. */
  @FunctionalInterface
  interface Restore {
    void run(TaskContext context, TaskArgs settings, String saved) throws Exception;
  }

  /** A wrapper named {@code name} doing {@code before} and {@code after}, saving nothing. */
  static NodeWrapper of(String name, Action before, Action after) {
    return owned(name, (c, s) -> null, before, (c, s, saved) -> after.run(c, s));
  }

  /**
   * A wrapper that reads the current value with {@code save} before {@code before} changes it, and
   * hands that value to {@code after}:
   *
   * <pre>{@code
   * NodeWrapper.owned("allocation primaries",
   *     (ctx, s) -> ctx.httpGet(url).body(),                    // the operator's setting, journaled
   *     (ctx, s) -> ctx.httpPost(url, PRIMARIES, "application/json"),
   *     (ctx, s, saved) -> ctx.httpPost(url, restoring(saved), "application/json"));
   * }</pre>
   */
  static NodeWrapper owned(String name, Save save, Action before, Restore after) {
    return new NodeWrapper() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String save(TaskContext context, TaskArgs settings) throws Exception {
        return save.read(context, settings);
      }

      @Override
      public void before(TaskContext context, TaskArgs settings) throws Exception {
        before.run(context, settings);
      }

      @Override
      public void after(TaskContext context, TaskArgs settings, String saved) throws Exception {
        after.run(context, settings, saved);
      }
    };
  }
}

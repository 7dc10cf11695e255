package dev.rollrun.api;

import org.pf4j.ExtensionPoint;

/**
 * A step of the operator's own, run in any phase ({@code pre-stop}, {@code post-start}, ...): a
 * playbook names it with {@code task:} and gives its arguments with {@code args:}. A task sees only
 * its {@link TaskContext} (this host, commands on it, HTTP, log, fail) and its {@link TaskArgs}:
 * nothing of rollrun's internals.
 *
 * <p>A complete task, as a plugin provides it:
 *
 * <pre>{@code
 * @Extension
 * public final class CheckVersion implements Task {
 *   public String id() { return "check-version"; }
 *
 *   public String argsSchema() {
 *     return """
 *         {"type": "object", "additionalProperties": false, "required": ["package-version"],
 *          "properties": {"package": {"type": "string"}, "package-version": {"type": "string"}}}
 *         """;
 *   }
 *
 *   public void run(TaskContext ctx, TaskArgs args) {
 *     String wanted = args.string("package-version");
 *     CommandOutput installed = ctx.run("dpkg-query -W -f='${Version}' " + args.string("package", "kafka"));
 *     if (!installed.stdout().strip().equals(wanted)) {
 *       ctx.fail("installed " + installed.stdout().strip() + ", expected " + wanted);
 *     }
 *     ctx.log("version " + wanted + " installed");
 *   }
 * }
 * }</pre>
 *
 * and in a playbook:
 *
 * <pre>
 * steps:
 *   pre-stop:
 *     - task: check-version
 *       args: { package-version: 3.9.0 }
 *       timeout: 30s
 * </pre>
 *
 * <p>A task that returns succeeded; one that calls {@link TaskContext#fail} or throws fails the
 * node's step (and so the roll), with its message. A task that does not return within the step's
 * timeout (default 10 minutes) is interrupted and fails the step.
 */
public interface Task extends ExtensionPoint {

  /** The id a playbook's {@code task:} names, e.g. {@code check-version}. */
  String id();

  /**
   * A JSON Schema (draft 2020-12, as text) of the step's {@code args:} mapping. rollrun merges it
   * into the playbook schema, so {@code validate} reports a missing or wrong argument with its
   * file:line:column and editors complete the names. The default takes no arguments.
   */
  default String argsSchema() {
    return "{\"type\": \"object\", \"maxProperties\": 0}";
  }

  /** One line for {@code rollrun plugins}: what the task does. */
  default String description() {
    return "";
  }

  /**
   * Runs the task for one node (or, in a {@code pre-cluster}/{@code post-cluster} step, for the
   * cluster: {@link TaskContext#host()} is then {@code null}).
   *
   * @throws TaskFailedException through {@link TaskContext#fail}, or any exception: the step fails
   */
  void run(TaskContext context, TaskArgs args) throws Exception;
}

package com.example.rollrun;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Task;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import org.pf4j.Extension;

/**
 * Fails a node's step when the version of a package installed on it is not {@code package-version}:
 * the check the Kafka rolling-restart tool ran before stopping each broker.
 *
 * <pre>
 * steps:
 *   pre-stop:
 *     - task: check-version
 *       args: { package: kafka, package-version: 3.9.0 }
 * </pre>
 *
 * The installed version is what {@code version-command} prints, by default {@code dpkg-query -W
 * -f='${Version}' PACKAGE}.
 */
@Extension
public final class CheckVersion implements Task {

  @Override
  public String id() {
    return "check-version";
  }

  @Override
  public String description() {
    return "fails the node when the installed package version is not args.package-version";
  }

  @Override
  public String argsSchema() {
    return """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["package-version"],
          "properties": {
            "package-version": {"type": "string", "minLength": 1,
                                "description": "The version the node must have installed."},
            "package": {"type": "string", "minLength": 1, "default": "kafka",
                        "description": "The package whose version is checked."},
            "version-command": {"type": "string", "minLength": 1,
                                "description": "A command printing the installed version."}
          }
        }
        """;
  }

  @Override
  public void run(TaskContext ctx, TaskArgs args) {
    String wanted = args.string("package-version");
    String pkg = args.string("package", "kafka");
    String command = args.string("version-command", "dpkg-query -W -f='${Version}' " + pkg);
    CommandOutput out = ctx.run(command);
    if (!out.ok()) {
      ctx.fail("cannot read the installed version of " + pkg + ": " + out.stderr().strip());
    }
    String installed = out.stdout().strip();
    if (!installed.equals(wanted)) {
      ctx.fail(pkg + " " + installed + " is installed, expected " + wanted);
    }
    ctx.log(pkg + " " + installed + " installed, as expected");
  }
}

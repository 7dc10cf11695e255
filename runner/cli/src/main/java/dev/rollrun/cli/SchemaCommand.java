package dev.rollrun.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun schema}: the playbook schema with what the loaded plugins add (a behaviour's
 * {@code settings:}, each task's {@code args:}), for editors: point a playbook's {@code #
 * yaml-language-server: $schema=} line at the file it writes.
 */
@Command(
    name = "schema",
    description =
        "Write the playbook JSON Schema, the loaded plugins' keys included, for editors (standard"
            + " output, or --output FILE).",
    mixinStandardHelpOptions = true)
final class SchemaCommand implements Callable<Integer> {

  private final Wiring wiring;

  SchemaCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the schema to FILE instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    wiring.warnSkippedPlugins(spec.commandLine().getErr());
    String json =
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(wiring.schemas().playbookTree())
            + "\n";
    if (output == null) {
      spec.commandLine().getOut().print(json);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(output, json);
      spec.commandLine().getErr().println("rollrun: wrote the playbook schema to " + output);
      spec.commandLine().getErr().flush();
    }
    return ExitCodes.OK;
  }
}

package dev.rollrun.cli;

import dev.rollrun.api.Host;
import dev.rollrun.core.health.JmxAddress;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun jmx HOST -p PLAYBOOK [-- COMMAND...]}: jmxterm's console on the JMX endpoint the
 * playbook's {@code jmx:} condition reads on HOST, through the SSH tunnel when it says {@code via:
 * ssh}, to explore MBeans while writing conditions. With commands after {@code --}, they run
 * without a console and their output is printed.
 *
 * <p>jmxterm is never on rollrun's class path: its jar is loaded in a class loader of its own (its
 * dependencies and slf4j binding stay inside).
 */
@Command(
    name = "jmx",
    description = {
      "Open jmxterm's console on HOST's JMX endpoint, as the playbook's jmx: condition reaches it (through SSH with via: ssh).",
      "With -- COMMAND..., run jmxterm commands (e.g. 'get -b java.lang:type=Memory HeapMemoryUsage') and print the result."
    },
    mixinStandardHelpOptions = true)
final class JmxCommand implements Callable<Integer> {

  private final Wiring wiring;

  JmxCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST", description = "The node, by inventory name.")
  String host;

  @Parameters(
      index = "1..*",
      paramLabel = "COMMAND",
      description = "jmxterm commands to run, each one argument (after --).")
  List<String> commands = new ArrayList<>();

  @Option(
      names = {"-p", "--playbook"},
      required = true,
      paramLabel = "PLAYBOOK",
      description = "The playbook whose jmx: condition says how to reach HOST's JMX.")
  Path playbook;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description = "Trust the host keys in FILE too (besides ~/.ssh/known_hosts).")
  Path knownHosts;

  @Mixin PlanInputs inputs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (LoadedPlan loaded = wiring.rollingLoader().load(playbook, inputs.toOptions())) {
      RolloutPlan plan = loaded.plan();
      wiring.secretsLoaded(loaded.redactor());
      PlannedCondition.JmxCheck check =
          jmxConditionOf(plan, host)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "no jmx: condition of "
                              + playbook
                              + " reads host \""
                              + host
                              + "\"; rollrun jmx connects where the playbook's jmx: condition"
                              + " does"));
      Host node = nodeNamed(plan, host).orElseThrow();
      SshSettings settings = wiring.sshSettings(false, loaded.extraKnownHosts().orElse(knownHosts));
      try (SshShell shell = wiring.shell(settings, message -> {});
          JmxAddress address = JmxAddress.open(node, check, shell)) {
        return jmxterm(address.serviceUrl(), check, out);
      }
    }
  }

  private int jmxterm(String url, PlannedCondition.JmxCheck check, PrintWriter out)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("-l", url));
    if (check.user() != null) {
      args.addAll(List.of("-u", check.user().actual()));
      args.addAll(List.of("-p", check.password() == null ? "" : check.password().actual()));
    }
    Path input = null;
    Path output = null;
    try {
      if (!commands.isEmpty()) {
        input = Files.createTempFile("rollrun-jmxterm", ".in");
        output = Files.createTempFile("rollrun-jmxterm", ".out");
        Files.writeString(input, String.join("\n", commands) + "\n", StandardCharsets.UTF_8);
        args.addAll(List.of("-n", "-v", "silent", "-i", input.toString(), "-o", output.toString()));
      }
      int code = run(args.toArray(String[]::new));
      if (output != null) {
        out.print(Files.readString(output, StandardCharsets.UTF_8));
        out.flush();
      }
      return code == 0 ? ExitCodes.OK : ExitCodes.ROLL_FAILED;
    } finally {
      deleteQuietly(input);
      deleteQuietly(output);
    }
  }

  /** Runs jmxterm's main entry without its System.exit, in a class loader of its own. */
  private static int run(String[] args) throws Exception {
    Path jar = jmxtermJar();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {url(jar)}, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> main = loader.loadClass("org.cyclopsgroup.jmxterm.boot.CliMain");
      Method execute = main.getDeclaredMethod("execute", String[].class);
      execute.setAccessible(true);
      Object result = execute.invoke(main.getDeclaredConstructor().newInstance(), (Object) args);
      return result instanceof Integer code ? code : 0;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new UsageException(
          "jmxterm: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** {@code -Drollrun.jmxterm=JAR}, else {@code jmxterm/jmxterm.jar} of the distribution. */
  static Path jmxtermJar() {
    String explicit = System.getProperty("rollrun.jmxterm");
    if (explicit != null) {
      return Path.of(explicit);
    }
    String home = System.getProperty("rollrun.home");
    Path jar = home == null ? null : Path.of(home, "jmxterm", "jmxterm.jar");
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new UsageException(
          "jmxterm is not installed: expected "
              + (jar == null ? "jmxterm/jmxterm.jar in the distribution" : jar)
              + " (or -Drollrun.jmxterm=JAR)");
    }
    return jar;
  }

  private static URL url(Path jar) throws MalformedURLException {
    return jar.toUri().toURL();
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file
      }
    }
  }

  private static Optional<Host> nodeNamed(RolloutPlan plan, String name) {
    return plan.clusterHealth().stream()
        .map(NodePlan::host)
        .filter(h -> h.name().equals(name))
        .findFirst();
  }

  /** The first jmx condition that reads {@code host}: its own, or its part of a cluster one. */
  static Optional<PlannedCondition.JmxCheck> jmxConditionOf(RolloutPlan plan, String host) {
    for (NodePlan node : plan.clusterHealth()) {
      List<PlannedGate> gates = new ArrayList<>();
      if (node.health() != null) {
        gates.add(node.health());
      }
      node.steps().stream()
          .filter(s -> s instanceof PlannedStep.Gate)
          .map(s -> ((PlannedStep.Gate) s).gate())
          .forEach(gates::add);
      boolean self = node.host().name().equals(host);
      for (PlannedGate gate : gates) {
        for (PlannedCondition condition : gate.conditions()) {
          Optional<PlannedCondition.JmxCheck> found = find(condition, host, self);
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<PlannedCondition.JmxCheck> find(
      PlannedCondition condition, String host, boolean self) {
    if (condition instanceof PlannedCondition.JmxCheck jmx && self) {
      return Optional.of(jmx);
    }
    Stream<PlannedCondition> parts = Stream.empty();
    if (condition instanceof PlannedCondition.AllOf all) {
      parts = all.conditions().stream();
    } else if (condition instanceof PlannedCondition.AnyOf any) {
      parts = any.conditions().stream();
    } else if (condition instanceof PlannedCondition.ClusterCheck cluster) {
      for (var member : cluster.members()) {
        if (member.host().name().equals(host)
            && member.condition() instanceof PlannedCondition.JmxCheck jmx) {
          return Optional.of(jmx);
        }
      }
    }
    return parts.map(p -> find(p, host, self)).flatMap(Optional::stream).findFirst();
  }
}

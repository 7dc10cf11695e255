package dev.rollrun.cli;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.task.NodeTaskContext;
import dev.rollrun.core.task.TaskCall;
import dev.rollrun.core.text.Redactor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun status PLAYBOOK}: what the playbook's cluster is now, as PowerConsul's {@code
 * service NAME status} shows it. The cluster's own view (its behaviour's discovery: each member,
 * its roles and facts, the behaviour's notes), then what each node says about itself (its local
 * services, its own view of its role). Changes nothing.
 */
@Command(
    name = "status",
    description = {
      "Ask the cluster of PLAYBOOK what it is now: each member and its role (e.g. active, standby), then what each node says about its local services. Changes nothing.",
      "Exit 0 when the cluster and every node answered, 3 when one could not be asked."
    },
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {

  private static final Duration LIMIT = Duration.ofMinutes(1);

  private final Wiring wiring;

  StatusCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAYBOOK", description = "The playbook whose cluster to show.")
  Path playbook;

  @Mixin HostKeyOptions hostKeys;

  @Mixin PlanInputs inputs;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    wiring.warnSkippedPlugins(spec.commandLine().getErr());
    try (LoadedPlan loaded = wiring.rollingLoader().load(playbook, inputs.toOptions())) {
      wiring.secretsLoaded(loaded.redactor());
      Redactor redactor = loaded.redactor();
      RolloutPlan plan = loaded.plan();
      ClusterBehaviour behaviour =
          wiring
              .plugins()
              .behaviours()
              .find(plan.cluster())
              .orElseThrow(() -> new IllegalStateException("no behaviour " + plan.cluster()));
      List<Host> hosts = plan.clusterHealth().stream().map(NodePlan::host).toList();
      TaskArgs settings = new TaskArgs(loaded.playbook().settings());
      Shell.LineListener lines = (stderr, line) -> out.println("    " + redactor.redact(line));
      boolean answered = true;
      out.println(behaviour.id() + " cluster of " + plan.playbookName());
      try (SshShell shell =
          wiring.shell(
              hostKeys.settings(wiring, loaded),
              message -> out.println("warning: " + redactor.redact(message)))) {
        ClusterView view = null;
        try {
          NodeTaskContext cluster = new NodeTaskContext(null, shell, lines, LIMIT, redactor);
          view =
              TaskCall.call(
                  () -> behaviour.discover(cluster, settings, hosts),
                  LIMIT,
                  behaviour.id() + " discovery",
                  TaskCall.origin(behaviour));
        } catch (RollrunException e) {
          out.println("  the cluster cannot be asked: " + redactor.redact(e.getMessage()));
          answered = false;
        }
        if (view != null) {
          view.notes().forEach(note -> out.println("  " + redactor.redact(note)));
        } else if (answered) {
          out.println("  (" + behaviour.id() + " does not ask its cluster for its members)");
        }
        out.println();
        for (Host host : hosts) {
          out.println(host.name() + "  " + member(view, host, redactor));
          try {
            // What the node says comes back as the behaviour's lines, not as command output.
            NodeTaskContext node =
                new NodeTaskContext(host, shell, Shell.LineListener.NONE, LIMIT, redactor);
            List<String> said =
                TaskCall.call(
                    () -> behaviour.status(node, settings),
                    LIMIT,
                    behaviour.id() + " status",
                    TaskCall.origin(behaviour));
            said.forEach(line -> out.println("    " + redactor.redact(line)));
          } catch (RollrunException e) {
            out.println("    cannot be asked: " + redactor.redact(e.getMessage()));
            answered = false;
          }
        }
      }
      out.flush();
      return answered ? ExitCodes.OK : ExitCodes.ROLL_FAILED;
    }
  }

  /** {@code node1 active health=passing ...}: the member on this host, as the cluster sees it. */
  private static String member(ClusterView view, Host host, Redactor redactor) {
    if (view == null) {
      return "";
    }
    return view.members().stream()
        .filter(m -> host.name().equals(m.host()))
        .findFirst()
        .map(m -> redactor.redact(describe(m)))
        .orElse("(not a member the cluster knows)");
  }

  private static String describe(ClusterMember member) {
    String facts =
        member.facts().entrySet().stream()
            .map(Map.Entry::toString)
            .collect(Collectors.joining(" "));
    return member.id()
        + "  "
        + (member.roles().isEmpty() ? "-" : String.join(",", member.roles()))
        + (facts.isEmpty() ? "" : "  " + facts);
  }
}

package dev.rollrun.cli;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.inventory.InventoryReader;
import dev.rollrun.core.load.SshHostRoutes;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.report.InventoryReport;
import dev.rollrun.core.report.InventoryResolution;
import dev.rollrun.core.report.InventoryResolution.HostResolution;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.core.text.Suggestions;
import dev.rollrun.core.validate.InventoryChecks;
import dev.rollrun.core.yaml.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun inventory -i INV [--host NAME] [--list]}: prints what rollrun resolved for each
 * host (address, port, user, identity files, proxy, known-hosts files, groups, vars) and which file
 * and line each came from, so an operator can compare it with {@code ansible-inventory --list} and
 * {@code ssh -G} before a roll. Touches no host. A setting of the inventory that {@code validate}
 * would refuse (an ssh option rollrun cannot honour) is refused the same way (exit 2) after the
 * report.
 */
@Command(
    name = "inventory",
    description =
        "Print what rollrun resolved per host (address, port, user, keys, proxy, groups, vars) and"
            + " which file and line each came from; touches no host.",
    mixinStandardHelpOptions = true)
final class InventoryCommand implements Callable<Integer> {

  private final Wiring wiring;

  InventoryCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--inventory"},
      paramLabel = "FILE|DIR",
      required = true,
      description = "The inventory: rollrun YAML, Ansible INI or YAML, or an Ansible directory.")
  Path inventory;

  @Option(names = "--host", paramLabel = "NAME", description = "Only this host.")
  String host;

  @Option(
      names = "--list",
      description = "JSON for tools, every host (like ansible-inventory --list).")
  boolean list;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description = "A known_hosts file checked besides ~/.ssh/known_hosts.")
  Path knownHosts;

  @Override
  public Integer call() {
    if (!Files.exists(inventory)) {
      throw new UsageException(
          "--inventory " + inventory + ": no such file" + TextFiles.similarFileName(inventory));
    }
    String display = inventory.normalize().toString();
    Inventory read = new InventoryReader().read(inventory, display.isEmpty() ? "." : display);
    List<Host> hosts = read.hosts();
    if (host != null) {
      Host only =
          read.host(host)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "--host: no host named \""
                              + host
                              + "\" in "
                              + read.source()
                              + Suggestions.didYouMean(
                                  host, read.hosts().stream().map(Host::name).toList())));
      hosts = List.of(only);
    }
    SshTargetResolver resolver = wiring.sshResolver();
    InventoryChecks checks =
        new InventoryChecks(wiring.sshSettings(false, null).home(), new SshHostRoutes(resolver));
    Inventory inventory = read.withWarnings(checks.notApplied(read, hosts));
    InventoryResolution resolution = new InventoryResolution(resolver, knownHosts);
    List<HostResolution> resolved =
        hosts.stream().map(h -> resolution.resolve(inventory, h)).toList();
    InventoryReport report = new InventoryReport();
    var out = spec.commandLine().getOut();
    out.print(list ? report.json(inventory, resolved) : report.text(inventory, resolved));
    out.flush();
    // What validate and a roll would refuse before touching anything, said the same way.
    List<ConfigProblem> refused = checks.refusals(inventory, hosts);
    if (!refused.isEmpty()) {
      throw new InvalidConfigException(refused);
    }
    return ExitCodes.OK;
  }
}

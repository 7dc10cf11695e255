package dev.rollrun.cli;

import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.demo.DemoFleetSource;
import dev.rollrun.core.load.PlanLoader;
import dev.rollrun.core.load.SshHostRoutes;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.core.ssh.SshWarningListener;
import dev.rollrun.core.text.Redactor;
import dev.rollrun.core.validate.HostRoutes;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * The object graph of every command, built in this one place: the schemas, the cluster behaviours,
 * the inventory sources, the plan loaders and the SSH shell. Commands receive it through their
 * constructor ({@link #commands()}); plugins will register their behaviours, schema fragments and
 * inventory sources here.
 */
final class Wiring {

  private final SchemaCatalog schemas;
  private final BehaviourCatalog behaviours;

  Wiring(SchemaCatalog schemas, BehaviourCatalog behaviours) {
    this.schemas = schemas;
    this.behaviours = behaviours;
  }

  /** The secret values of the plan loaded last, hidden in any error printed afterwards. */
  private volatile Redactor secrets = Redactor.NONE;

  /** Known secret values: none until a command loaded a plan. */
  Redactor secrets() {
    return secrets;
  }

  /** Records the secret values of a loaded plan, so that an error printed later hides them. */
  void secretsLoaded(Redactor redactor) {
    this.secrets = secrets.and(redactor);
  }

  /** What ships with rollrun. */
  static Wiring builtIn() {
    return new Wiring(SchemaCatalog.builtIn(), BehaviourCatalog.builtIn());
  }

  /**
   * A loader for the commands that only plan ({@code plan}, {@code validate}): {@code demo:N} gives
   * the demo fleet's hosts without starting it.
   */
  PlanLoader planningLoader() {
    return new PlanLoader(schemas, behaviours, List.of(DemoFleetSource.plannedOnly()))
        .routedBy(sshRoutes());
  }

  /**
   * A loader for a roll or a dry run: {@code demo:N} starts the demo fleet, stopped when the loaded
   * plan is closed.
   */
  PlanLoader rollingLoader() {
    return new PlanLoader(schemas, behaviours, List.of(DemoFleetSource.started()))
        .routedBy(sshRoutes());
  }

  /** Which machine each host reaches, as the operator's ssh_config resolves it. */
  private HostRoutes sshRoutes() {
    return new SshHostRoutes(sshResolver());
  }

  private SshTargetResolver resolver; // guarded by this

  /**
   * The operator's ssh_config ({@code ~/.ssh/config}, then {@code /etc/ssh/ssh_config}), read once
   * for a command: the duplicate-host check and the connections see the same settings.
   */
  synchronized SshTargetResolver sshResolver() {
    if (resolver == null) {
      resolver = SshTargetResolver.forCurrentUser();
    }
    return resolver;
  }

  /**
   * The operator's SSH settings.
   *
   * @param extraKnownHosts a known_hosts file read besides {@code ~/.ssh/known_hosts}, or null
   */
  SshSettings sshSettings(boolean acceptNewHostKeys, Path extraKnownHosts) {
    SshSettings settings = SshSettings.defaults().withAcceptNewHostKeys(acceptNewHostKeys);
    return extraKnownHosts == null ? settings : settings.withExtraKnownHosts(extraKnownHosts);
  }

  /**
   * Commands over SSH as the current user, with {@code ~/.ssh/config} honoured.
   *
   * @param warnings receives what the operator should know (a skipped known_hosts line, an accepted
   *     host key)
   */
  SshShell shell(SshSettings settings, SshWarningListener warnings) {
    return new SshShell(settings, sshResolver(), warnings);
  }

  /** Creates the commands with this graph; everything else as picocli would. */
  CommandLine.IFactory commands() {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == RollCommand.class) {
          return type.cast(new RollCommand(Wiring.this));
        }
        if (type == PlanCommand.class) {
          return type.cast(new PlanCommand(Wiring.this));
        }
        if (type == ResumeCommand.class) {
          return type.cast(new ResumeCommand(Wiring.this));
        }
        if (type == ValidateCommand.class) {
          return type.cast(new ValidateCommand(Wiring.this));
        }
        if (type == InventoryCommand.class) {
          return type.cast(new InventoryCommand(Wiring.this));
        }
        return fallback.create(type);
      }
    };
  }
}

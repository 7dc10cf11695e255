package dev.rollrun.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of a roll, shared by {@code rollrun PLAYBOOK} and {@code rollrun resume}. */
final class RollOptions {

  @Option(names = "--yes", description = "With --commit: start without asking for confirmation.")
  boolean yes;

  @Option(
      names = "--paranoid",
      description = "With --commit: ask after every batch whether to go on.")
  boolean paranoid;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description = "Trust the host keys in FILE too (besides ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--accept-new-host-keys",
      description =
          "Accept and record the key of a host not yet in ~/.ssh/known_hosts (like OpenSSH's accept-new). A changed key is always refused.")
  boolean acceptNewHostKeys;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "Write every event of the run as one JSON object per line to FILE (- for standard output, the human output then goes to standard error). Format: schemas/events.schema.json.")
  String events;

  @Option(
      names = "--break-lock",
      description =
          "Take the cluster's lock from the run that holds it, after confirmation: for a ZooKeeper lock whose runner is gone while its session lingers (that runner, if alive, stops before its next node). A lock file cannot be broken: it goes away with its process.")
  boolean breakLock;

  /** The options of a roll, a continued roll or a recovery. */
  RollExecution.Options execution(java.io.Console console, StateDir stateDir) {
    return new RollExecution.Options(
        events,
        acceptNewHostKeys,
        knownHosts,
        paranoid,
        yes,
        breakLock,
        console,
        stateDir.store(),
        stateDir.argument());
  }
}

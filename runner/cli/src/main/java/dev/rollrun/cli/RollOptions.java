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
}

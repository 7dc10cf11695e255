package dev.rollrun.cli;

import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.journal.JournalException;
import dev.rollrun.core.journal.RunLock;
import dev.rollrun.core.journal.RunLocks;
import dev.rollrun.core.journal.RunStore;
import dev.rollrun.core.journal.RunSummary;
import dev.rollrun.core.problem.UsageException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun runs}: the runs journaled in the state directory, oldest first, with their state
 * (running, done, failed, interrupted, crashed), start, who ran them, progress and playbook; for a
 * run that did not finish, the command that continues it.
 */
@Command(
    name = "runs",
    description =
        "List the runs journaled here: state, start, user, progress, and how to continue one.",
    mixinStandardHelpOptions = true)
final class RunsCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin StateDir stateDir;

  @Option(
      names = "--lock",
      paramLabel = "LOCK",
      description =
          "Ask a cluster's lock instead whether a roll is in progress, from any machine:"
              + " zookeeper://zk1:2181,zk2:2181/rollrun/locks/NAME (as rollrun names it when it"
              + " refuses a run), or the name of a lock file in the state directory.")
  String lock;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RunStore store = stateDir.store();
    if (lock != null) {
      return askLock(out, store);
    }
    List<String> ids = store.runIds();
    if (ids.isEmpty()) {
      out.println("no runs in " + store.runs());
      out.flush();
      return ExitCodes.OK;
    }
    out.println(
        String.format(
            "%-24s %-11s %-20s %-22s %-22s %s",
            "RUN", "STATE", "STARTED", "BY", "PROGRESS", "PLAYBOOK"));
    for (String id : ids) {
      try {
        Journal journal = store.find(id).orElseThrow();
        String holder =
            RunLocks.named(journal.header().lock(), store)
                .holder()
                .map(RunLock.Holder::runId)
                .orElse(null);
        RunSummary run = RunSummary.of(journal, id.equals(holder));
        out.println(
            String.format(
                "%-24s %-11s %-20s %-22s %-22s %s",
                run.runId(),
                run.status(),
                run.started().toString().replaceFirst("\\.\\d+Z$", "Z"),
                run.user() + "@" + run.machine(),
                run.progress(),
                run.playbook()));
      } catch (JournalException e) {
        out.println(String.format("%-24s %-11s %s", id, "unreadable", e.getMessage()));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Whether a roll holds {@link #lock}: its holder and progress, or that it is free. */
  private int askLock(PrintWriter out, RunStore store) {
    if (lock.isBlank() || lock.equals("zookeeper://") || lock.matches("zookeeper://[^/]*")) {
      throw new UsageException(
          "--lock "
              + lock
              + ": name a lock as zookeeper://HOST:PORT[,HOST:PORT...]/PATH or a lock file's name");
    }
    RunLock named = RunLocks.named(lock, store);
    Optional<RunLock.Holder> holder = named.holder();
    if (holder.isEmpty()) {
      out.println("no roll in progress: the lock " + lock + " is free");
    } else {
      out.println(
          "roll in progress: "
              + holder.get().describe()
              + named.progress().map(p -> ", " + p).orElse(""));
    }
    out.flush();
    return ExitCodes.OK;
  }
}

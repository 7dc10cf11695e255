package dev.rollrun.cli;

import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.exec.DryRun;
import dev.rollrun.core.exec.NodeProgress;
import dev.rollrun.core.exec.Orchestrator;
import dev.rollrun.core.exec.Recovery;
import dev.rollrun.core.exec.ResumePoint;
import dev.rollrun.core.exec.RolloutState;
import dev.rollrun.core.exec.RunContext;
import dev.rollrun.core.exec.RunControl;
import dev.rollrun.core.exec.RunReport;
import dev.rollrun.core.exec.UnfinishedStop;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.health.Sleeper;
import dev.rollrun.core.history.RunReports;
import dev.rollrun.core.journal.ClusterLockName;
import dev.rollrun.core.journal.FileDigest;
import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.journal.JournalHeader;
import dev.rollrun.core.journal.JournalReplay;
import dev.rollrun.core.journal.JournalWriter;
import dev.rollrun.core.journal.RunLock;
import dev.rollrun.core.journal.RunLocks;
import dev.rollrun.core.journal.RunStore;
import dev.rollrun.core.journal.RunSummary;
import dev.rollrun.core.load.ClusterDiscovery;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.notify.Notifier;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.plan.StepIndex;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.report.PlanFormat;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.text.Redactor;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a loaded plan from the command line, for {@code rollrun PLAYBOOK} and {@code rollrun
 * resume}: the plan printed, the console and {@code --events} listening, SSH and health gates set
 * up; then a dry run, or a roll that takes the cluster's lock, writes its journal, and says how to
 * continue it when it does not end done.
 */
final class RollExecution {

  /** How the command line asked for it. */
  record Options(
      String events,
      boolean acceptNewHostKeys,
      Path knownHosts,
      boolean paranoid,
      boolean yes,
      boolean breakLock,
      OperatorTerminal terminal,
      boolean outputIsTerminal,
      Verbosity verbosity,
      RunStore store,
      String stateDirArgument) {}

  /** Where a roll starts: a new run, or one recorded in a journal. */
  sealed interface Start {

    /** A new run of these inputs. */
    record Fresh(JournalHeader.RunInputs inputs) implements Start {}

    /**
     * The run of {@code journal}, continued from where it was left; {@code skip} is the recorded
     * run's {@code --skip}. It is replayed against the plan this run follows, in its cluster's
     * order now.
     */
    record Continued(Journal journal, int skip, boolean replan) implements Start {}
  }

  private final Wiring wiring;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Options options;
  private final Clock clock = Clock.systemUTC();

  RollExecution(Wiring wiring, PrintWriter out, PrintWriter err, Options options) {
    this.wiring = wiring;
    this.out = out;
    this.err = err;
    this.options = options;
  }

  /**
   * Connects, checks health once, changes nothing. The dry run is recorded in its run's directory
   * (when the state directory can be written) and its report written there.
   */
  int dryRun(LoadedPlan loaded, JournalHeader.RunInputs inputs) throws InterruptedException {
    String runId = RunEvents.newRunId(clock);
    try (Session session = new Session(loaded, runId, 0, true, Set.of())) {
      unfinishedRuns(session.plan)
          .forEach(
              run ->
                  session.human.println(
                      "note: run "
                          + run.runId()
                          + " of this playbook did not finish ("
                          + run.status()
                          + ", "
                          + run.progress()
                          + "): continue it with "
                          + resumeCommand(run.runId())));
      JournalWriter record = dryRunRecord(loaded, inputs, runId);
      if (record != null) {
        // A record that cannot be written stops the report, never the dry run.
        session.listen(record::on);
      }
      RunContext context = session.context(RunControl.UNATTENDED);
      boolean ready;
      try {
        ready = new DryRun(context).run(session.plan).isEmpty();
      } finally {
        if (record != null) {
          record.close();
          session.report(record.file());
        }
      }
      return ready ? ExitCodes.OK : ExitCodes.ROLL_FAILED;
    }
  }

  /** The record of a dry run, or null (said on standard error) when it cannot be made. */
  private JournalWriter dryRunRecord(
      LoadedPlan loaded, JournalHeader.RunInputs inputs, String runId) {
    try {
      return JournalWriter.create(
          options.store().newDryRun(runId),
          header(
              loaded,
              inputs,
              runId,
              RunLocks.nameOf(
                  RunLocks.of(loaded.playbook().lock(), loaded.plan(), options.store()))));
    } catch (RuntimeException e) {
      err.println(
          "rollrun: warning: this dry run is not recorded and has no report: " + e.getMessage());
      err.flush();
      return null;
    }
  }

  /** Rolls for real, from {@code start}. */
  int roll(LoadedPlan loaded, Start start, boolean startOver) throws InterruptedException {
    RolloutPlan offline = loaded.plan();
    String runId =
        start instanceof Start.Continued c
            ? c.journal().header().runId()
            : RunEvents.newRunId(clock);
    if (start instanceof Start.Fresh && !startOver) {
      List<RunSummary> unfinished = unfinishedRuns(offline);
      if (!unfinished.isEmpty()) {
        RunSummary run = unfinished.get(unfinished.size() - 1);
        throw new UsageException(
            "run "
                + run.runId()
                + " of this cluster did not finish ("
                + run.status()
                + ", "
                + run.progress()
                + "): continue it with "
                + resumeCommand(run.runId())
                + ", or start a new run anyway with --start-over");
      }
    }
    long lastSequence = start instanceof Start.Continued c ? c.journal().lastSequence() : 0;
    Set<String> partWay =
        start instanceof Start.Continued c ? partWay(c.journal(), offline) : Set.of();
    try (Session session = new Session(loaded, runId, lastSequence, true, partWay)) {
      RolloutPlan plan = session.plan;
      if (!options.yes() && !session.output.aside(() -> confirm(options.terminal(), plan))) {
        session.human.println("nothing was changed.");
        return ExitCodes.DECLINED;
      }
      RunLock lock = RunLocks.of(loaded.playbook().lock(), plan, options.store());
      RunLock.Holder me =
          new RunLock.Holder(
              runId, user(), machine(), ProcessHandle.current().pid(), clock.instant());
      RunLock.Lease lease = acquire(lock, me, session);
      java.nio.file.Path journalFile = null;
      try (lease;
          JournalWriter journal = journal(loaded, start, runId, RunLocks.nameOf(lock));
          Notifier notifier = notifier(loaded, start, session)) {
        journalFile = journal.file();
        session.listen(journal);
        if (notifier != null) {
          session.listen(notifier);
        }
        session.listen(new LockProgress(lease, plan.nodeCount()));
        RolloutState initial = initialState(plan, start, session);
        NodesInFlight inFlight = new NodesInFlight();
        session.listen(inFlight);
        InterruptibleControl control =
            new InterruptibleControl(
                options.paranoid() ? session::ask : null,
                !options.yes(),
                inFlight::describe,
                resumeCommand(runId),
                session.output::close,
                session.shell::endRunningCommands);
        control.installSignalHandler();
        RunContext context = session.context(new LockedControl(control, lease, session.events));
        if (start instanceof Start.Continued continued) {
          // What the wrappers saved before the run ended: their after sides put back exactly it.
          JournalReplay.saved(continued.journal())
              .forEach(v -> context.owned().remember(v.host(), v.step(), v.value()));
        }
        RunReport report = new Orchestrator(context).run(plan, initial);
        if (report.outcome() != dev.rollrun.core.event.Outcome.DONE) {
          session.human.println("continue this run with: " + resumeCommand(runId));
        }
        return switch (report.outcome()) {
          case DONE -> ExitCodes.OK;
          case FAILED -> ExitCodes.ROLL_FAILED;
          case INTERNAL_ERROR -> ExitCodes.INTERNAL_ERROR;
          // Stopped because another run may now hold the cluster: the cluster needs a look.
          case INTERRUPTED -> lease.lost() ? ExitCodes.ROLL_FAILED : ExitCodes.INTERRUPTED;
          case STOPPED_BY_OPERATOR -> ExitCodes.DECLINED;
        };
      } finally {
        if (journalFile != null) {
          session.report(journalFile);
        }
      }
    }
  }

  /**
   * Puts back what the run of {@code journal} left set on its nodes (a crash, or a failure whose
   * restores failed): under the cluster's lock, recorded in the run's journal; each setting is
   * reported. Nothing is stopped or started.
   */
  int recover(LoadedPlan loaded, Journal journal) throws InterruptedException {
    String runId = journal.header().runId();
    try (Session session =
        new Session(
            loaded, runId, journal.lastSequence(), false, partWay(journal, loaded.plan()))) {
      JournalReplay.LeftSet left = JournalReplay.leftSet(journal, session.plan);
      if (left.isEmpty()) {
        session.human.println(
            "run " + runId + " left nothing set: there is no setting of its to put back.");
        return ExitCodes.OK;
      }
      session.human.println("run " + runId + " left " + left.count() + " setting(s) to put back:");
      left.restores()
          .forEach(
              (host, steps) ->
                  steps.forEach(
                      step ->
                          session.human.println(
                              "  "
                                  + host
                                  + ": "
                                  + step.id()
                                  + " ("
                                  + session.redactor.redact(step.kind() + " " + step.describe())
                                  + ")")));
      session.human.flush();
      if (!options.yes()
          && !session.output.aside(() -> confirmRecovery(options.terminal(), left.count()))) {
        session.human.println("nothing was changed.");
        return ExitCodes.OK;
      }
      RunLock lock = RunLocks.of(loaded.playbook().lock(), session.plan, options.store());
      RunLock.Holder me =
          new RunLock.Holder(
              runId, user(), machine(), ProcessHandle.current().pid(), clock.instant());
      try (RunLock.Lease lease = acquire(lock, me, session);
          JournalWriter writer =
              JournalWriter.recover(
                  journal.file(),
                  clock.instant(),
                  user(),
                  machine(),
                  ProcessHandle.current().pid(),
                  loaded.plan().digest())) {
        session.listen(writer);
        RunContext context = session.context(RunControl.UNATTENDED);
        left.saved().forEach(v -> context.owned().remember(v.host(), v.step(), v.value()));
        List<Recovery.Restored> restored = new Recovery(context).run(session.plan, left.restores());
        long failed = restored.stream().filter(r -> !r.succeeded()).count();
        session.human.println();
        for (Recovery.Restored r : restored) {
          session.human.println(
              (r.succeeded() ? "  put back   " : "  NOT put back   ")
                  + r.host()
                  + ": "
                  + r.step()
                  + (r.succeeded() ? "" : ": " + r.failure()));
        }
        session.human.println(
            failed == 0
                ? "every setting run " + runId + " left is put back."
                : failed
                    + " of "
                    + restored.size()
                    + " setting(s) could not be put back: fix the cause and run rollrun recover "
                    + runId
                    + " again.");
        leftPartWay(journal, session);
        return failed == 0 ? ExitCodes.OK : ExitCodes.ROLL_FAILED;
      }
    }
  }

  /**
   * The nodes the run of {@code journal} left part way, stopped perhaps: its cluster may well not
   * list them, which is no reason to refuse to continue the run or put its settings back.
   */
  private static Set<String> partWay(Journal journal, RolloutPlan plan) {
    Set<String> hosts = new java.util.TreeSet<>();
    JournalReplay.replay(journal, plan, journal.header().inputs().skip())
        .seen()
        .forEach(
            (host, seen) -> {
              if (!seen.state().isFinal()
                  && seen.state() != dev.rollrun.core.event.NodeState.PENDING) {
                hosts.add(host);
              }
            });
    return Set.copyOf(hosts);
  }

  /** Names the nodes the run left part way: recover put settings back, but started nothing. */
  private void leftPartWay(Journal journal, Session session) {
    JournalReplay.Replayed replayed =
        JournalReplay.replay(journal, session.plan, journal.header().inputs().skip());
    List<String> partWay = new ArrayList<>();
    replayed
        .seen()
        .forEach(
            (host, seen) -> {
              if (!seen.state().isFinal()
                  && seen.state() != dev.rollrun.core.event.NodeState.PENDING) {
                partWay.add(host + " (" + seen.state() + ")");
              }
            });
    if (!partWay.isEmpty()) {
      session.human.println(
          "left part way by the run: "
              + String.join(", ", partWay)
              + "; recover starts nothing: continue the roll with "
              + resumeCommand(journal.header().runId()));
    }
  }

  /** Takes the cluster's lock, first breaking the holder's when {@code --break-lock} asks. */
  private RunLock.Lease acquire(RunLock lock, RunLock.Holder me, Session session) {
    if (options.breakLock()) {
      Optional<RunLock.Holder> held = lock.holder();
      if (held.isEmpty()) {
        session.human.println("the cluster's lock is free: there is no lock to break.");
      } else {
        String holder = held.get().describe();
        if (!options.yes()) {
          OperatorTerminal terminal = options.terminal();
          if (terminal == null) {
            throw new UsageException(
                "refusing to break the lock of "
                    + holder
                    + " without confirmation: there is no terminal to ask on; pass --yes to"
                    + " confirm up front");
          }
          String question =
              "Break the lock of "
                  + holder
                  + "? Make sure that run is gone: two rolls of one cluster at once can take it"
                  + " down. [y/N] ";
          if (!session.output.aside(() -> yes(terminal, question))) {
            throw new UsageException("the lock was not broken; nothing was changed");
          }
        }
        lock.breakHeld(held.get());
        session.human.println(
            "broke the lock of "
                + holder
                + "; that run, if it still runs, stops before its next node.");
      }
      session.human.flush();
    }
    return lock.acquire(me);
  }

  private static boolean confirmRecovery(OperatorTerminal terminal, int count) {
    if (terminal == null) {
      throw new UsageException(
          "refusing to put settings back without confirmation: there is no terminal to ask on;"
              + " pass --yes to confirm up front");
    }
    return yes(terminal, "Put back " + count + " setting(s)? [y/N] ");
  }

  /** Asks on the terminal; true only for y or yes. */
  private static boolean yes(OperatorTerminal terminal, String question) {
    return terminal
        .ask(question, () -> false)
        .map(a -> a.strip().toLowerCase(java.util.Locale.ROOT))
        .filter(a -> a.equals("y") || a.equals("yes"))
        .isPresent();
  }

  private JournalWriter journal(LoadedPlan loaded, Start start, String runId, String lockName) {
    if (start instanceof Start.Continued c) {
      return JournalWriter.resume(
          c.journal().file(),
          clock.instant(),
          user(),
          machine(),
          ProcessHandle.current().pid(),
          loaded.plan().digest(),
          c.replan());
    }
    Start.Fresh fresh = (Start.Fresh) start;
    return JournalWriter.create(
        options.store().newRun(runId), header(loaded, fresh.inputs(), runId, lockName));
  }

  private JournalHeader header(
      LoadedPlan loaded, JournalHeader.RunInputs inputs, String runId, String lockName) {
    return new JournalHeader(
        JournalWriter.FORMAT,
        runId,
        clock.instant(),
        loaded.plan().digest(),
        FileDigest.of(loaded.playbook().path()),
        loaded.inventoryFile() == null
            ? FileDigest.ofText(loaded.inventory().source())
            : FileDigest.of(loaded.inventoryFile()),
        inputs,
        lockName,
        user(),
        machine(),
        ProcessHandle.current().pid());
  }

  /**
   * The playbook's notifications, sent as the roll goes (closed before the journal, so that a
   * warning about one is journaled too); null when it has none. A dry run sends none.
   */
  private static Notifier notifier(LoadedPlan loaded, Start start, Session session) {
    if (loaded.playbook().notifications().isEmpty()) {
      return null;
    }
    List<String> extraVars =
        start instanceof Start.Continued c
            ? c.journal().header().inputs().extraVars()
            : ((Start.Fresh) start).inputs().extraVars();
    return new Notifier(
        RunNotifications.of(loaded, extraVars),
        warning -> session.events.emit(new RunEvent.Warning(session.redactor.redact(warning))));
  }

  /** A new run's nodes as {@code --skip} says; a continued run's as its journal left them. */
  private static RolloutState initialState(RolloutPlan plan, Start start, Session session)
      throws InterruptedException {
    if (start instanceof Start.Fresh fresh) {
      return RolloutState.initial(plan, fresh.inputs().skip());
    }
    Start.Continued continued = (Start.Continued) start;
    JournalReplay.Replayed replayed =
        JournalReplay.replay(continued.journal(), plan, continued.skip());
    RolloutState state = replayed.state();
    for (NodePlan node : plan.nodes()) {
      String host = node.host().name();
      ResumePoint.Seen seen = replayed.seen().get(host);
      boolean stopBegun = seen != null && "stop".equals(seen.unfinishedStep());
      if (stopBegun) {
        Optional<NodeProgress> before = stopNeverReached(node, continued.journal(), session);
        if (before.isPresent()) {
          state = state.with(host, before.get());
          continue;
        }
      }
      NodeProgress at = state.progress(host);
      if (seen != null && (seen.unfinishedStep() != null || seen.failedStep() != null)) {
        session.events.emit(new RunEvent.Warning(describeResume(host, node, seen, at)));
      }
      if (stopBegun && node.health() != null && healthyNow(node, session)) {
        session.events.emit(
            new RunEvent.Warning(
                host
                    + " is healthy although its stop command had begun: it may never have been"
                    + " stopped. rollrun never stops a node twice in one run; to restart it,"
                    + " roll it again with --limit "
                    + host));
      }
    }
    return state;
  }

  /**
   * Right before its stop, when the stop an earlier process of the run began never reached the
   * node's service (the node says so); else empty.
   */
  private static Optional<NodeProgress> stopNeverReached(
      NodePlan node, Journal journal, Session session) throws InterruptedException {
    String host = node.host().name();
    String before = null;
    for (JournalReplay.SavedValue v : JournalReplay.saved(journal)) {
      if (v.host().equals(host) && v.step().equals(PlannedStep.Instance.ID)) {
        before = v.value();
      }
    }
    Duration stopTimeout =
        node.steps().stream()
            .filter(s -> s instanceof PlannedStep.Run && s.id().equals("stop"))
            .map(s -> ((PlannedStep.Run) s).timeout())
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(RunContext.DEFAULT_STEP_TIMEOUT);
    return new UnfinishedStop(session.shell, Sleeper.REAL, Clock.systemUTC())
        .stopNeverReached(
            node,
            before,
            stopTimeout.plusSeconds(10),
            says -> session.events.emit(new RunEvent.Warning(host + ": " + says)));
  }

  private static boolean healthyNow(NodePlan node, Session session) throws InterruptedException {
    // The one thing the journal cannot tell without an instance: whether a stop cut off by the
    // end of the run reached the node. A healthy node now may never have been stopped.
    return session
        .gates
        .checkOnce(List.of(new HealthGateWaiter.Target(node.host(), node.health())))
        .isHealthy();
  }

  /** What a continued run does with a node the earlier run left part way. */
  static String describeResume(String host, NodePlan node, ResumePoint.Seen seen, NodeProgress at) {
    String left =
        seen.unfinishedStep() != null
            ? "step " + seen.unfinishedStep() + " had begun and never ended"
            : "step " + seen.failedStep() + " had failed";
    String next =
        at.next() < node.steps().size()
            ? "continuing with " + node.steps().get(at.next()).id()
            : "awaiting its health gate";
    boolean stopBegun = "stop".equals(seen.unfinishedStep()) || "stop".equals(seen.failedStep());
    return host + ": " + left + (stopBegun ? "; it is not stopped again" : "") + "; " + next;
  }

  /** Runs of this plan's cluster that did not finish and are not running now, oldest first. */
  private List<RunSummary> unfinishedRuns(RolloutPlan plan) {
    RunStore store = options.store();
    String cluster = ClusterLockName.of(plan);
    List<RunSummary> unfinished = new ArrayList<>();
    String runningNow = null;
    boolean asked = false;
    for (String id : store.runIds()) {
      Journal journal;
      try {
        journal = store.find(id).orElse(null);
      } catch (RuntimeException e) {
        continue; // a damaged journal of another run: `rollrun runs` names it
      }
      if (journal == null || !journal.header().lock().endsWith(cluster)) {
        continue;
      }
      if (!asked) {
        runningNow =
            RunLocks.named(journal.header().lock(), store)
                .holder()
                .map(RunLock.Holder::runId)
                .orElse(null);
        asked = true;
      }
      RunSummary summary = RunSummary.of(journal, id.equals(runningNow));
      if (!summary.status().finished() && !id.equals(runningNow)) {
        unfinished.add(summary);
      }
    }
    return unfinished;
  }

  private String resumeCommand(String runId) {
    return "rollrun resume "
        + runId
        + (options.stateDirArgument() == null ? "" : " --state-dir " + options.stateDirArgument());
  }

  /** Asks on the terminal whether to start; only y or yes starts the roll. */
  private static boolean confirm(OperatorTerminal terminal, RolloutPlan plan) {
    String order = String.join(", ", plan.nodes().stream().map(n -> n.host().name()).toList());
    terminal
        .jline()
        .writer()
        .printf("%nRoll %d node(s) in this order: %s%n", plan.nodeCount(), order);
    String answer =
        terminal
            .ask("Start the roll (plan " + plan.digest() + ")? [y/N] ", () -> false)
            .orElse("")
            .strip();
    return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
  }

  static String user() {
    return System.getProperty("user.name", "unknown");
  }

  static String machine() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** The listeners, the SSH shell and the gate waiter of one run or dry run. */
  private final class Session implements AutoCloseable {
    final PrintWriter human;
    final ConsoleOutput output;
    RunEvents events;
    final EventsOutput eventsOutput;
    private final List<RunListener> listeners = new ArrayList<>();
    final SshShell shell;
    final HealthGateWaiter gates;
    final Redactor redactor;

    /** The plan this run follows: the loaded one, in the order its cluster gives, if it does. */
    final RolloutPlan plan;

    /**
     * @param printPlan whether the plan is printed first
     * @param partWay the nodes a continued run left part way: the cluster need not list them
     */
    Session(
        LoadedPlan loaded, String runId, long lastSequence, boolean printPlan, Set<String> partWay)
        throws InterruptedException {
      eventsOutput = EventsOutput.open(options.events(), out, err);
      human = eventsOutput.humanOutput();
      redactor = loaded.redactor();
      wiring.secretsLoaded(redactor);
      SshSettings settings =
          wiring.sshSettings(
              options.acceptNewHostKeys(), loaded.extraKnownHosts().orElse(options.knownHosts()));
      shell = wiring.shell(settings, this::warn);
      try {
        plan = inClusterOrder(loaded, partWay);
      } catch (InterruptedException | RuntimeException e) {
        shell.close();
        eventsOutput.close();
        throw e;
      }
      if (printPlan && options.verbosity() != Verbosity.QUIET) {
        human.print(PlanFormat.TEXT.render(plan));
        human.println();
      }
      human.flush();
      output = output();
      listeners.add(new ConsoleReporter(output, new StepIndex(plan), options.verbosity()));
      eventsOutput.listener().ifPresent(listeners::add);
      events = new RunEvents(runId, lastSequence, clock, listeners);
      gates =
          new HealthGateWaiter(
              ProbeByKind.standard(shell, Duration.ofSeconds(30)),
              clock,
              Sleeper.REAL,
              events,
              redactor);
    }

    /**
     * The live view on the operator's terminal when standard output is that terminal, it can draw
     * and the run is not quiet; plain timestamped lines otherwise.
     */
    private ConsoleOutput output() {
      boolean live =
          options.verbosity() != Verbosity.QUIET
              && options.outputIsTerminal()
              && !eventsOutput.takesStandardOutput();
      if (live) {
        java.util.Optional<OperatorTerminal> terminal =
            java.util.Optional.ofNullable(options.terminal())
                .or(() -> wiring.terminals().terminal());
        if (terminal.isPresent() && terminal.get().capable()) {
          String noColor = System.getenv("NO_COLOR");
          return new LiveOutput(
              terminal.get().jline(), noColor == null || noColor.isEmpty(), clock);
        }
      }
      return new PlainOutput(human, java.time.ZoneId.systemDefault());
    }

    /** Asks the operator, the live view put aside; gives up when the run is being stopped. */
    java.util.Optional<String> ask(String question, java.util.function.BooleanSupplier cancelled) {
      return output.aside(() -> options.terminal().ask(question, cancelled));
    }

    /**
     * Writes the run's report beside its journal and says where; a report that cannot be written is
     * a warning, never a failure of the run.
     */
    void report(java.nio.file.Path journalFile) {
      try {
        RunReports.Written written =
            RunReports.write(dev.rollrun.core.journal.Journal.read(journalFile), redactor);
        human.println("report: " + written.html());
      } catch (RuntimeException e) {
        err.println("rollrun: warning: no report of this run: " + redactor.redact(e.getMessage()));
        err.flush();
      }
      human.flush();
    }

    /**
     * The loaded plan made again with what its cluster says it is now (the behaviour's order, the
     * roles it found), the cluster's notes printed; the loaded plan itself when the behaviour does
     * not ask the cluster.
     */
    private RolloutPlan inClusterOrder(LoadedPlan loaded, Set<String> partWay)
        throws InterruptedException {
      Optional<ClusterDiscovery.Discovered> discovered =
          new ClusterDiscovery()
              .discover(
                  loaded,
                  shell,
                  (stderr, line) ->
                      human.println("  " + loaded.plan().cluster() + ": " + redactor.redact(line)),
                  redactor,
                  partWay);
      if (discovered.isEmpty()) {
        return loaded.plan();
      }
      human.println("the " + loaded.plan().cluster() + " cluster says:");
      discovered.get().notes().forEach(note -> human.println("  " + note));
      human.println();
      return discovered.get().plan();
    }

    /** A warning of the SSH layer: an event once the run's events exist, a line before. */
    private void warn(String message) {
      if (events == null) {
        human.println("warning: " + redactor.redact(message));
      } else {
        events.emit(new RunEvent.Warning(message));
      }
    }

    /** Adds a listener: the journal, once the run holds its lock. */
    void listen(RunListener listener) {
      events.listen(listener);
    }

    RunContext context(RunControl control) {
      return new RunContext(shell, gates, clock, Sleeper.REAL, events, control, redactor);
    }

    @Override
    public void close() {
      try {
        gates.close();
        shell.close();
      } finally {
        output.close();
        eventsOutput.close();
        human.flush();
      }
    }
  }
}

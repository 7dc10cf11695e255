package dev.rollrun.cli;

import dev.rollrun.core.exec.RunControl;
import java.io.Console;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import sun.misc.Signal;

/**
 * The operator's hand on a running roll. The first Ctrl-C, SIGTERM (a cancelled CI job) or SIGHUP
 * (a closed terminal) asks the roll to stop: no further node is taken down, a node already down is
 * started again and its gate awaited, then the run ends, journaled, and says how to continue it. A
 * second signal exits at once, naming the nodes left part way (the journal has recorded every step
 * begun, so {@code rollrun resume} takes them up), after ending the commands still running on
 * hosts: none goes on unseen once rollrun is gone. With {@code --paranoid}, asks on the terminal
 * after every batch.
 */
final class InterruptibleControl implements RunControl {

  private final AtomicBoolean stop = new AtomicBoolean();
  private final Console paranoid;
  private final Supplier<String> inFlight;
  private final String resumeHint;
  private final IntSupplier endRunningCommands;

  /**
   * @param paranoid the terminal to ask after each batch, or null not to ask
   * @param inFlight describes the nodes part way, for a second signal's message
   * @param resumeHint how to continue the run, e.g. {@code rollrun resume 20261130T...}
   * @param endRunningCommands ends the commands still running on hosts before a second signal
   *     exits, returning how many there were
   */
  InterruptibleControl(
      Console paranoid,
      Supplier<String> inFlight,
      String resumeHint,
      IntSupplier endRunningCommands) {
    this.paranoid = paranoid;
    this.inFlight = inFlight;
    this.resumeHint = resumeHint;
    this.endRunningCommands = endRunningCommands;
  }

  void installSignalHandler() {
    for (String name : List.of("INT", "TERM", "HUP")) {
      try {
        Signal.handle(new Signal(name), signal -> signalled(name));
      } catch (IllegalArgumentException e) {
        // a signal this platform does not have (or the JVM keeps for itself): not handled
      }
    }
  }

  private void signalled(String name) {
    String what = name.equals("INT") ? "Ctrl-C" : "SIG" + name;
    if (stop.getAndSet(true)) {
      String left = inFlight.get();
      System.err.println(
          "\nrollrun: second "
              + what
              + ": exiting now"
              + (left.isEmpty() ? "" : "; left part way: " + left)
              + "; continue with: "
              + resumeHint);
      int ended = endRunningCommands.getAsInt();
      if (ended > 0) {
        System.err.println(
            "rollrun: ended "
                + ended
                + " command(s) still running on hosts (SIGTERM), so that none goes on unseen");
      }
      Runtime.getRuntime().halt(130);
    }
    System.err.println(
        "\nrollrun: "
            + what
            + ": stopping: no further node is stopped; a node already down is started again and"
            + " its gate awaited (again to exit at once)");
  }

  @Override
  public boolean stopRequested() {
    return stop.get();
  }

  @Override
  public boolean continueAfter(List<String> hosts) {
    if (paranoid == null) {
      return true;
    }
    while (true) {
      String answer =
          paranoid.readLine(
              "%s done. Continue with the next batch? [c = continue / s = stop] ",
              String.join(", ", hosts));
      if (answer == null || answer.strip().equalsIgnoreCase("s")) {
        return false;
      }
      if (answer.strip().equalsIgnoreCase("c")) {
        return true;
      }
    }
  }
}

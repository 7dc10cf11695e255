package dev.rollrun.cli;

import dev.rollrun.core.exec.RunControl;
import java.io.Console;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The operator's hand on a running roll: the first Ctrl-C asks the roll to stop after the current
 * step (the summary then says which node was left in which state); a second one exits at once. With
 * {@code --paranoid}, asks on the terminal after every batch.
 */
final class InterruptibleControl implements RunControl {

  private final AtomicBoolean stop = new AtomicBoolean();
  private final Console paranoid;

  /**
   * @param paranoid the terminal to ask after each batch, or null not to ask
   */
  InterruptibleControl(Console paranoid) {
    this.paranoid = paranoid;
  }

  void installSignalHandler() {
    Signal.handle(
        new Signal("INT"),
        signal -> {
          if (stop.getAndSet(true)) {
            System.err.println("\nrollrun: second Ctrl-C: exiting now; check the node in progress");
            Runtime.getRuntime().halt(130);
          }
          System.err.println(
              "\nrollrun: Ctrl-C: stopping after the current step (press again to exit at once)");
        });
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

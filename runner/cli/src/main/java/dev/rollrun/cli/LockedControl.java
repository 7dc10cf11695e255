package dev.rollrun.cli;

import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.exec.RunControl;
import dev.rollrun.core.journal.RunLock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's control, and one more reason to stop: the cluster's lock was lost (a ZooKeeper
 * session expired), so another run may be starting. The run then stops as after Ctrl-C: no further
 * node is taken down, one already down is brought back.
 */
final class LockedControl implements RunControl {

  private final RunControl operator;
  private final RunLock.Lease lease;
  private final EventSink events;
  private final AtomicBoolean told = new AtomicBoolean();

  LockedControl(RunControl operator, RunLock.Lease lease, EventSink events) {
    this.operator = operator;
    this.lease = lease;
    this.events = events;
  }

  @Override
  public boolean stopRequested() {
    if (lease.lost()) {
      if (told.compareAndSet(false, true)) {
        events.emit(
            new RunEvent.Warning(
                "the cluster's lock was lost (its ZooKeeper session expired, or --break-lock took it):"
                    + " another run may start, so this one stops: no further node is taken down"));
      }
      return true;
    }
    return operator.stopRequested();
  }

  @Override
  public String stopReason() {
    return lease.lost() ? "stopped: the cluster's lock was lost" : operator.stopReason();
  }

  @Override
  public boolean startBatch(int number, int of, List<String> hosts) {
    return operator.startBatch(number, of, hosts);
  }
}

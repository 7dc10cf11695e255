package dev.rollrun.cli;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.journal.RunLock;
import java.util.HashSet;
import java.util.Set;

/** Publishes the run's progress with its lock (a ZooKeeper lock node's data says how far it is). */
final class LockProgress implements RunListener {

  private final RunLock.Lease lease;
  private final int nodes;
  private final Set<String> done = new HashSet<>();

  LockProgress(RunLock.Lease lease, int nodes) {
    this.lease = lease;
    this.nodes = nodes;
  }

  @Override
  public void on(EventEnvelope envelope) {
    if (envelope.event() instanceof RunEvent.NodeStateChanged changed
        && changed.to() == NodeState.DONE
        && done.add(changed.host())) {
      lease.progress(done.size() + " of " + nodes + " node(s) done");
    }
  }
}

package dev.rollrun.plugins.kafka;

import dev.rollrun.api.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a broker may be stopped now without any partition it hosts falling below {@code
 * min.insync.replicas} (producers with {@code acks=all} would then fail): it may not when a
 * partition it hosts has fewer in-sync replicas than that already, or exactly that many with this
 * broker among them, or no leader at all. The refusal names the partitions.
 */
final class PartitionSafety {

  /** How many partitions a refusal names; the rest are counted. */
  static final int NAMED = 10;

  private PartitionSafety() {}

  /** The verdict for stopping {@code broker}, given every partition of the cluster. */
  static Verdict verdict(int broker, List<PartitionState> partitions) {
    int hosted = 0;
    List<String> unsafe = new ArrayList<>();
    for (PartitionState p : partitions) {
      if (!p.replicas().contains(broker)) {
        continue;
      }
      hosted++;
      String why = whyUnsafe(broker, p);
      if (why != null) {
        unsafe.add(p.name() + " (" + why + ")");
      }
    }
    if (!unsafe.isEmpty()) {
      String named = String.join(", ", unsafe.subList(0, Math.min(NAMED, unsafe.size())));
      int more = unsafe.size() - NAMED;
      return Verdict.unsafe(
          unsafe.size()
              + (unsafe.size() == 1 ? " partition" : " partitions")
              + " of broker "
              + broker
              + " would be below min.insync.replicas without it: "
              + named
              + (more > 0 ? " and " + more + " more" : ""));
    }
    if (hosted == 0) {
      return Verdict.safe("broker " + broker + " hosts no partition");
    }
    return Verdict.safe(
        "each of the "
            + hosted
            + (hosted == 1 ? " partition" : " partitions")
            + " of broker "
            + broker
            + " keeps min.insync.replicas in sync without it");
  }

  /**
   * Why stopping {@code broker} would leave {@code p} below its minimum, or null if it would not.
   */
  static String whyUnsafe(int broker, PartitionState p) {
    String isr =
        "in sync " + p.isr() + " of " + p.replicas() + ", min.insync.replicas " + p.minIsr();
    if (p.leader() < 0) {
      return "no leader, offline; " + isr;
    }
    if (p.isr().size() < p.minIsr()) {
      return isr + ": already below";
    }
    if (p.isr().size() == p.minIsr() && p.isr().contains(broker)) {
      return isr;
    }
    return null;
  }
}

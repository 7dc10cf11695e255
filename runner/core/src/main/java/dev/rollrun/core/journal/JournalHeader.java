package dev.rollrun.core.journal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The first line of a journal: what run it is and what it was made from, enough to make the same
 * plan again and to tell whether the playbook or the inventory changed since.
 *
 * @param format the journal format ({@link JournalWriter#FORMAT})
 * @param runId the run id, also the name of its directory
 * @param started when the run began
 * @param planDigest the plan's digest
 * @param playbookDigest a SHA-256 of the playbook file's bytes (12 hex digits)
 * @param inventoryDigest the same of the inventory file, or of its reference ({@code demo:5})
 * @param inputs the command line the plan was made from: files as absolute paths
 * @param lock the name of the cluster's lock the run holds ({@link ClusterLockName})
 * @param user who ran it
 * @param machine where it ran
 * @param pid the process that ran it
 */
public record JournalHeader(
    int format,
    String runId,
    Instant started,
    String planDigest,
    String playbookDigest,
    String inventoryDigest,
    RunInputs inputs,
    String lock,
    String user,
    String machine,
    long pid) {

  public JournalHeader {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(inputs, "inputs");
  }

  /**
   * What a run's plan was made from, so that {@code rollrun resume} can make it again.
   *
   * @param playbook the playbook, an absolute path
   * @param inventory {@code --inventory} as an absolute path, or null for the playbook's own
   * @param limit {@code --limit} names
   * @param extraVars {@code -e} values as given: {@code key=value}, or {@code @file} with an
   *     absolute path (a secrets file is read again, its values never recorded)
   * @param skip {@code --skip}
   */
  public record RunInputs(
      String playbook, String inventory, List<String> limit, List<String> extraVars, int skip) {
    public RunInputs {
      Objects.requireNonNull(playbook, "playbook");
      limit = List.copyOf(limit);
      extraVars = List.copyOf(extraVars);
    }
  }
}

package dev.rollrun.core.plan;

import java.util.Objects;

/**
 * The playbook and the inventory as a plan's digest names them: by what they are, never by where
 * rollrun was run from or how the operator spelled their paths. A reviewer and an operator rarely
 * run rollrun from the same directory; {@code ./rollrun plan playbooks/x.yml}, {@code cd playbooks;
 * ../rollrun plan x.yml} and an absolute path must give one digest.
 *
 * <p>Plans still show the files as the operator named them; only the digest uses these names.
 *
 * @param playbook the playbook's file name, e.g. {@code service-restart.yml}
 * @param inventory the inventory file relative to the playbook's directory, with {@code /} between
 *     names ({@code ../inventory/web.yml}), or a reference that is not a file as written ({@code
 *     demo:5})
 */
public record SourceNames(String playbook, String inventory) {

  public SourceNames {
    Objects.requireNonNull(playbook, "playbook");
    Objects.requireNonNull(inventory, "inventory");
  }
}

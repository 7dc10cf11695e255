package dev.rollrun.core.journal;

/** Another run holds the cluster's lock: says who and since when. */
public final class LockHeldException extends LockException {

  private final RunLock.Holder holder;

  public LockHeldException(String lock, RunLock.Holder holder, String where) {
    this(lock, holder, where, "");
  }

  /**
   * @param advice what else the operator can do, appended to the message
   */
  public LockHeldException(String lock, RunLock.Holder holder, String where, String advice) {
    super(
        "another roll of this cluster is in progress: "
            + (holder == null
                ? "the lock \""
                    + lock
                    + "\" ("
                    + where
                    + ") is held by a run that has not said"
                    + " which it is"
                : holder.describe() + " holds the lock \"" + lock + "\"")
            + "; wait for it to finish (rollrun runs shows it)"
            + advice);
    this.holder = holder;
  }

  public RunLock.Holder holder() {
    return holder;
  }
}

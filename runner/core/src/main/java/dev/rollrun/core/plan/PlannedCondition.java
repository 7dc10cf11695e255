package dev.rollrun.core.plan;

import dev.rollrun.core.config.Where;

/** A health condition with every template rendered for one node. */
public sealed interface PlannedCondition {

  /** One line for plans and logs, e.g. {@code tcp 10.0.0.1:9092 from local}. */
  String describe();

  record CommandCheck(Command run, Where on, int exit, Command output, boolean sudo)
      implements PlannedCondition {
    @Override
    public String describe() {
      return "command on "
          + on.key()
          + ": "
          + (sudo ? run.shownWithSudo() : run.shown())
          + " (exit "
          + exit
          + (output == null ? "" : ", output matches /" + output.shown() + "/")
          + ")";
    }
  }

  record TcpCheck(String host, int port, Where from) implements PlannedCondition {
    @Override
    public String describe() {
      return "tcp " + host + ":" + port + " from " + from.key();
    }
  }
}

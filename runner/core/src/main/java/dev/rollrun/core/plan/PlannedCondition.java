package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Aggregate;
import dev.rollrun.core.config.Comparison;
import dev.rollrun.core.config.JsonCheck;
import dev.rollrun.core.config.Via;
import dev.rollrun.core.config.Where;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A health condition with every template rendered for one node. */
public sealed interface PlannedCondition {

  /** One line for plans and logs, e.g. {@code tcp 10.0.0.1:9092 from local}. */
  String describe();

  /** How observed values name it: its {@code name:}, else a short description. */
  default String label() {
    return describe();
  }

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

  /**
   * An HTTP request; healthy when the status is one of {@code status} and every JSONPath check
   * holds. {@code value} (a JSONPath, or null) is the value observed and aggregated.
   */
  record HttpCheck(
      String name,
      Command url,
      String method,
      Command body,
      Map<String, Command> headers,
      Command user,
      Command password,
      Command token,
      String ca,
      boolean insecure,
      Duration timeout,
      List<Integer> status,
      List<JsonCheck> json,
      String value,
      Via via)
      implements PlannedCondition {
    public HttpCheck {
      headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
      status = List.copyOf(status);
      json = List.copyOf(json);
    }

    @Override
    public String describe() {
      StringBuilder text =
          new StringBuilder("http ").append(method).append(' ').append(url.shown());
      if (via == Via.SSH) {
        text.append(" via ssh");
      }
      text.append(" (status ")
          .append(String.join("|", status.stream().map(String::valueOf).toList()));
      json.forEach(j -> text.append(", ").append(j.describe()));
      if (value != null && json.stream().noneMatch(j -> j.path().equals(value))) {
        text.append(", value ").append(value);
      }
      if (insecure) {
        text.append(", insecure TLS");
      } else if (ca != null) {
        text.append(", CA ").append(ca);
      }
      return text.append(')').toString();
    }

    @Override
    public String label() {
      return name != null ? name : value != null ? value : "http " + url.shown();
    }
  }

  /**
   * An MBean attribute over remote JMX (every MBean of an ObjectName pattern); healthy when each
   * value meets {@code comparisons}, or, with none, when it can be read.
   */
  record JmxCheck(
      String name,
      String host,
      int port,
      String mbean,
      String attribute,
      Command user,
      Command password,
      boolean ssl,
      Via via,
      List<Comparison> comparisons)
      implements PlannedCondition {
    public JmxCheck {
      comparisons = List.copyOf(comparisons);
    }

    @Override
    public String describe() {
      return "jmx "
          + host
          + ":"
          + port
          + (via == Via.SSH ? " via ssh" : "")
          + " "
          + mbean
          + " "
          + attribute
          + (comparisons.isEmpty()
              ? ""
              : " " + String.join(" and ", comparisons.stream().map(Comparison::describe).toList()))
          + (user == null ? "" : " (as " + user.shown() + ")");
    }

    @Override
    public String label() {
      return name != null ? name : attribute + " of " + mbean;
    }
  }

  /**
   * A condition checked once for the cluster: {@code members} are each node's own condition, their
   * answers combined by {@code aggregate}, whose result meets {@code comparisons}.
   *
   * @param across the nodes in words ({@code all nodes}, {@code nodes in role broker})
   */
  record ClusterCheck(
      String name,
      String across,
      List<Member> members,
      Aggregate aggregate,
      List<Comparison> comparisons)
      implements PlannedCondition {
    public ClusterCheck {
      members = List.copyOf(members);
      comparisons = List.copyOf(comparisons);
    }

    /** One node of a cluster condition, with the condition rendered for it. */
    public record Member(Host host, PlannedCondition condition) {}

    @Override
    public String describe() {
      return aggregate.key()
          + (comparisons.isEmpty()
              ? ""
              : " " + String.join(" and ", comparisons.stream().map(Comparison::describe).toList()))
          + " across "
          + across
          + " ("
          + members.size()
          + " node(s)) of: "
          + (members.isEmpty() ? "nothing" : members.get(0).condition().describe());
    }

    @Override
    public String label() {
      return name != null
          ? name
          : aggregate.key()
              + " of "
              + (members.isEmpty() ? "nothing" : members.get(0).condition().label());
    }
  }

  /** Holds when every condition holds. */
  record AllOf(List<PlannedCondition> conditions) implements PlannedCondition {
    public AllOf {
      conditions = List.copyOf(conditions);
    }

    @Override
    public String describe() {
      return "all of: "
          + String.join("; ", conditions.stream().map(PlannedCondition::describe).toList());
    }
  }

  /** Holds when at least one condition holds. */
  record AnyOf(List<PlannedCondition> conditions) implements PlannedCondition {
    public AnyOf {
      conditions = List.copyOf(conditions);
    }

    @Override
    public String describe() {
      return "any of: "
          + String.join("; ", conditions.stream().map(PlannedCondition::describe).toList());
    }
  }
}

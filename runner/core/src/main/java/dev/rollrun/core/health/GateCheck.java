package dev.rollrun.core.health;

import dev.rollrun.core.event.Observation;
import java.util.List;

/**
 * One check of a gate over some nodes.
 *
 * @param hosts the nodes whose conditions were checked, in the order given
 * @param problems one line per unhealthy node ({@code web-2: tcp 10.0.0.2:80 refused}), in the
 *     order of the nodes, a cluster condition's once ({@code cluster: URP sum=12 ...}); empty when
 *     every condition held
 * @param observations what each condition was seen to be, per node
 */
public record GateCheck(List<String> hosts, List<String> problems, List<Observation> observations) {

  /** How many problems {@link #summary()} lists before counting the rest. */
  static final int SHOWN = 3;

  public GateCheck {
    hosts = List.copyOf(hosts);
    problems = List.copyOf(problems);
    observations = List.copyOf(observations);
  }

  public GateCheck(List<String> hosts, List<String> problems) {
    this(hosts, problems, List.of());
  }

  public static GateCheck healthy(List<String> hosts) {
    return new GateCheck(hosts, List.of());
  }

  public boolean isHealthy() {
    return problems.isEmpty();
  }

  /** The problems in one line: the first few, then how many more. */
  public String summary() {
    if (problems.size() <= SHOWN) {
      return String.join("; ", problems);
    }
    return String.join("; ", problems.subList(0, SHOWN))
        + "; and "
        + (problems.size() - SHOWN)
        + " more unhealthy node(s)";
  }
}

package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One health condition as a playbook declares it, before templates are rendered. */
public sealed interface ConditionSpec {

  SourcePosition position();

  /**
   * Healthy when {@code run} exits with {@code exit} and, if {@code output} is set, its output
   * contains a match of that regular expression.
   */
  record Command(
      Template run, Where on, int exit, Template output, boolean sudo, SourcePosition position)
      implements ConditionSpec {}

  /** Healthy when a TCP connection to {@code host:port} succeeds from {@code from}. */
  record Tcp(Template port, Template host, Where from, SourcePosition position)
      implements ConditionSpec {}

  /**
   * Healthy when an HTTP request answers with one of {@code status} and every JSONPath check holds;
   * {@code value}, a JSONPath, picks the value observed (and aggregated across nodes).
   *
   * @param name how observations name it, or null
   * @param headers header name to value; templates allowed
   * @param user with {@code password}: basic authentication, or null
   * @param token a bearer token, or null
   * @param caFile a PEM file of the certificates to trust, or null for the JDK's
   * @param timeout how long one request may take
   */
  record Http(
      String name,
      Template url,
      String method,
      Template body,
      Map<String, Template> headers,
      Template user,
      Template password,
      Template token,
      Template caFile,
      boolean insecure,
      Duration timeout,
      List<Integer> status,
      List<JsonCheck> json,
      String value,
      Via via,
      SourcePosition position)
      implements ConditionSpec {
    public Http {
      headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
      status = List.copyOf(status);
      json = List.copyOf(json);
    }
  }

  /**
   * An MBean attribute over remote JMX, or the same attribute of every MBean an ObjectName pattern
   * names; healthy when each value meets {@code comparisons} (none: when it can be read).
   *
   * @param host the JMX host, or null for the node's address
   * @param port the JMX (RMI registry) port, or null for the host's {@code jmx_port} var
   */
  record Jmx(
      String name,
      Template host,
      Template port,
      Template mbean,
      String attribute,
      Template user,
      Template password,
      boolean ssl,
      Via via,
      List<Comparison> comparisons,
      SourcePosition position)
      implements ConditionSpec {
    public Jmx {
      comparisons = List.copyOf(comparisons);
    }
  }

  /**
   * A condition checked once for the cluster: {@code node} on every node {@code across} names, the
   * answers combined by {@code aggregate}, whose result meets {@code comparisons} (for {@code sum},
   * {@code max}, {@code min} and {@code count}).
   */
  record Cluster(
      String name,
      ConditionSpec node,
      Across across,
      Aggregate aggregate,
      List<Comparison> comparisons,
      SourcePosition position)
      implements ConditionSpec {
    public Cluster {
      comparisons = List.copyOf(comparisons);
    }
  }

  /** Healthy when every condition holds ({@code all:}). */
  record AllOf(List<ConditionSpec> conditions, SourcePosition position) implements ConditionSpec {
    public AllOf {
      conditions = List.copyOf(conditions);
    }
  }

  /** Healthy when at least one condition holds ({@code any:}). */
  record AnyOf(List<ConditionSpec> conditions, SourcePosition position) implements ConditionSpec {
    public AnyOf {
      conditions = List.copyOf(conditions);
    }
  }
}

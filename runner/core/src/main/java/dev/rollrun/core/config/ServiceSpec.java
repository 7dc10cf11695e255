package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How nodes are stopped and started ({@code service:}). Commands left null fall back to the cluster
 * behaviour's defaults; per-role and per-host overrides win over the playbook's own.
 *
 * @param timeout how long the stop and the start may take each, or null for the default
 * @param instance the command that prints the running instance's identity, or null
 */
public record ServiceSpec(
    String name,
    Template stop,
    Template start,
    boolean sudo,
    java.time.Duration timeout,
    Template instance,
    Map<String, StopStart> roles,
    Map<String, StopStart> hosts,
    SourcePosition position) {

  public ServiceSpec {
    roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
  }

  /** An override of stop and/or start; either may be null. */
  public record StopStart(Template stop, Template start, SourcePosition position) {}
}

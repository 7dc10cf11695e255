package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;

/**
 * Text from a playbook that may hold template expressions ({@code {{ host.address }}}), with where
 * it was written so that a template error can point at it.
 */
public record Template(String source, SourcePosition position) {

  public boolean isTemplated() {
    return source.contains("{{") || source.contains("{%") || source.contains("{#");
  }

  @Override
  public String toString() {
    return source;
  }
}

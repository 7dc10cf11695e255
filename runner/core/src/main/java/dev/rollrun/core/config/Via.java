package dev.rollrun.core.config;

/**
 * How a probe reaches its endpoint: {@code direct} from the operator's machine, or {@code ssh}
 * through a local port forward over the node's SSH session, for endpoints open only on the node.
 */
public enum Via {
  DIRECT("direct"),
  SSH("ssh");

  private final String key;

  Via(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Via fromKey(String key) {
    return "ssh".equals(key) ? SSH : DIRECT;
  }
}

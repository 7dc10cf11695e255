package dev.rollrun.core.config;

/** Where a check runs: on the node over SSH, or on the operator's machine. */
public enum Where {
  NODE("node"),
  LOCAL("local");

  private final String key;

  Where(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Where fromKey(String key) {
    return "local".equals(key) ? LOCAL : NODE;
  }
}

package dev.rollrun.plugins.consul;

/**
 * One key read from Consul, and the index to wait on for its next change.
 *
 * @param entry the key, or null when it does not exist
 * @param index Consul's {@code X-Consul-Index}: a blocking query with {@code ?index=} this value
 *     returns once the key changed (or its wait ran out)
 */
record KvRead(KvEntry entry, long index) {

  /** The value, or null when the key does not exist. */
  String value() {
    return entry == null ? null : entry.value();
  }
}

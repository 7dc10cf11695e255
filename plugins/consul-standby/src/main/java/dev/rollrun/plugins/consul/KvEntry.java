package dev.rollrun.plugins.consul;

/**
 * One key of Consul's KV store as {@code GET /v1/kv/<key>} returns it.
 *
 * @param key the key
 * @param value its value, decoded from base64 as UTF-8 text ({@code null} for a key without one)
 * @param modifyIndex the index of its last change: the {@code ?cas=} that changes it only if no one
 *     else did in between
 * @param session the session holding it as a lock, or null
 */
record KvEntry(String key, String value, long modifyIndex, String session) {}

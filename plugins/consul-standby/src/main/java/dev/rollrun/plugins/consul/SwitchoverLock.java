package dev.rollrun.plugins.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * One switchover at a time: a Consul lock on {@code service/<service>/.lock}, held by a session
 * that Consul ends by itself {@link #TTL} after its last renewal, so that a runner that dies lets
 * it go. The lock's value says who holds it and which switchover ({@link SwitchoverPlan}); a later
 * rollrun that finds the lock still held for the same switchover (its runner was killed a moment
 * ago) ends that session and takes the lock over.
 */
final class SwitchoverLock implements AutoCloseable {

  static final Duration TTL = Duration.ofSeconds(15);
  private static final long RENEW_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final ConsulClient client;
  private final String key;
  private final String session;
  private long renewed = System.nanoTime();

  private SwitchoverLock(ConsulClient client, String key, String session) {
    this.client = client;
    this.key = key;
    this.session = session;
  }

  /**
   * @throws ConsulException when another switchover holds the lock
   */
  static SwitchoverLock take(ConsulClient client, SwitchoverPlan plan) {
    String key = client.settings().lockKey();
    String value = holder(plan);
    String session =
        client.createSession("rollrun switchover of " + client.settings().service(), TTL);
    boolean taken = client.acquire(key, session, value);
    if (!taken) {
      KvEntry held = client.read(key).entry();
      if (held != null && held.session() != null && samePlan(held.value(), plan)) {
        // The same switchover's lock, held by a runner that is gone: its session is ours to end.
        client.destroySession(held.session());
        taken = client.acquire(key, session, value);
      }
      if (!taken) {
        client.destroySession(session);
        throw new ConsulException(
            "another switchover holds the lock "
                + key
                + (held == null || held.value() == null ? "" : ": " + held.value()));
      }
    }
    return new SwitchoverLock(client, key, session);
  }

  /** Renews the session when a third of its time to live has passed. */
  void renew() {
    if (System.nanoTime() - renewed >= RENEW_EVERY_NANOS) {
      if (!client.renewSession(session)) {
        throw new ConsulException("Consul ended the session holding " + key + " (its TTL ran out)");
      }
      renewed = System.nanoTime();
    }
  }

  @Override
  public void close() {
    try {
      client.release(key, session);
    } finally {
      client.destroySession(session);
    }
  }

  /**
   * The switchover whose runner last held the lock, held now or not (Consul keeps a released lock's
   * value), or null when no rollrun switchover ever took it.
   *
   * @param held set to whether a session holds the lock now
   */
  static SwitchoverPlan lastPlan(ConsulClient client, boolean[] held) {
    KvEntry entry = client.read(client.settings().lockKey()).entry();
    held[0] = entry != null && entry.session() != null;
    if (entry == null || entry.value() == null) {
      return null;
    }
    try {
      JsonNode node = ConsulClient.JSON.readTree(entry.value());
      if (!"rollrun".equals(node.path("holder").asText())
          || !"switchover".equals(node.path("operation").asText())) {
        return null;
      }
      return SwitchoverPlan.parse(entry.value());
    } catch (java.io.IOException | ConsulException e) {
      return null;
    }
  }

  private static String holder(SwitchoverPlan plan) {
    ObjectNode node = ConsulClient.JSON.createObjectNode();
    node.put("holder", "rollrun");
    node.put("operation", "switchover");
    node.setAll((ObjectNode) readTree(plan.json()));
    return node.toString();
  }

  private static JsonNode readTree(String json) {
    try {
      return ConsulClient.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new ConsulException("the switchover's plan is not JSON: " + json);
    }
  }

  private static boolean samePlan(String value, SwitchoverPlan plan) {
    if (value == null) {
      return false;
    }
    try {
      JsonNode node = ConsulClient.JSON.readTree(value);
      return "rollrun".equals(node.path("holder").asText())
          && plan.from().equals(node.path("from").asText())
          && plan.to().equals(node.path("to").asText())
          && plan.index() == node.path("index").asLong();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}

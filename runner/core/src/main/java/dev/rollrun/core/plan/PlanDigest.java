package dev.rollrun.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short SHA-256 of a plan's canonical JSON: the same plan always gives the same digest, and any
 * change to a host, a step, a command or a gate gives another. Secrets are hashed as {@code
 * <secret:NAME>}, never by value, so the digest can be published.
 */
public final class PlanDigest {

  static final int LENGTH = 12;

  private PlanDigest() {}

  public static String of(RolloutPlan plan) {
    byte[] canonical = PlanJson.of(plan, false).toString().getBytes(StandardCharsets.UTF_8);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(hash).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

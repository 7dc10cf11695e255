package dev.rollrun.core.plan;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short SHA-256 of a plan's canonical JSON: the same plan always gives the same digest, and any
 * change to a host, a step, a command or a gate gives another. Secrets are hashed as {@code
 * <secret:NAME>}, never by value, so the digest can be published. {@link Planner} digests the plan
 * with its files named by {@link SourceNames}, so the digest covers content, never the directory
 * rollrun was run from.
 */
public final class PlanDigest {

  static final int LENGTH = 12;

  private PlanDigest() {}

  public static String of(RolloutPlan plan) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // Streamed into the digest: a 5,000-node plan never exists as one string.
      try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
        PlanJson.writeCanonical(plan, out);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a digest does not fail", e);
    }
  }
}

package dev.rollrun.core.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.report.PlanDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The plan a reviewer approved, by its digest ({@code --expect-digest abc123def456}) or as the JSON
 * plan {@code rollrun plan --out FILE} wrote ({@code --plan FILE}). A roll starts only when the
 * plan made now has the approved digest; otherwise it refuses, saying which settings, nodes, steps,
 * gates and conditions changed. Without the approved plan's JSON, the plans of the playbook's
 * recent commits are searched for it ({@link PlaybookHistory}).
 *
 * <p>The digest is of the plan made offline, as {@code rollrun plan} prints it: an order a cluster
 * behaviour finds on the cluster at run time does not change it.
 */
public final class ApprovedPlan {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{12}");

  private final String digest;
  private final JsonNode plan;
  private final String source;

  private ApprovedPlan(String digest, JsonNode plan, String source) {
    this.digest = digest;
    this.plan = plan;
    this.source = source;
  }

  /** {@code --expect-digest}: the 12 hex digits every plan starts with. */
  public static ApprovedPlan ofDigest(String digest) {
    String d = digest.strip().toLowerCase(java.util.Locale.ROOT);
    if (!DIGEST.matcher(d).matches()) {
      throw new UsageException(
          "--expect-digest \""
              + digest
              + "\": a plan's digest is 12 hex digits, as the first line of rollrun plan prints it");
    }
    return new ApprovedPlan(d, null, "--expect-digest");
  }

  /**
   * {@code --plan FILE}: a JSON plan. Its digest is what was approved; the rest of it only shows
   * what changed since.
   */
  public static ApprovedPlan read(Path file) {
    return read(file, "--plan");
  }

  /** A JSON plan given by {@code option}, checked against its digest. */
  static ApprovedPlan read(Path file, String option) {
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new UsageException(option + " " + file + ": no such file");
    } catch (JsonProcessingException e) {
      throw new UsageException(
          option
              + " "
              + file
              + ": not a JSON plan (rollrun plan --out FILE writes one): "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsageException(option + " " + file + ": cannot be read: " + e.getMessage());
    }
    if (tree == null
        || !tree.isObject()
        || !tree.path("digest").isTextual()
        || !tree.path("batches").isArray()) {
      throw new UsageException(
          option + " " + file + ": not a JSON plan (rollrun plan --out FILE writes one)");
    }
    String digest = tree.get("digest").asText();
    if (!DIGEST.matcher(digest).matches()) {
      throw new UsageException(
          option + " " + file + ": its digest \"" + digest + "\" is not 12 hex digits");
    }
    return new ApprovedPlan(digest, tree, option + " " + file);
  }

  /** Both {@code --expect-digest} and {@code --plan}: they must name the same plan. */
  public ApprovedPlan and(ApprovedPlan other) {
    if (!digest.equals(other.digest)) {
      throw new UsageException(
          other.source
              + " is plan "
              + other.digest
              + ", "
              + source
              + " says "
              + digest
              + ": name one approved plan");
    }
    return plan != null ? this : other;
  }

  public String digest() {
    return digest;
  }

  /** The approved plan as JSON; null when only its digest is known. */
  JsonNode json() {
    return plan;
  }

  /**
   * Refuses {@code now} unless it is the approved plan.
   *
   * @param history finds the approved plan among the playbook's recent commits by its digest, when
   *     only the digest is known
   * @throws PlanChangedException naming what changed
   */
  public void check(RolloutPlan now, Function<String, Optional<PlaybookHistory.PastPlan>> history) {
    if (now.digest().equals(digest)) {
      return;
    }
    StringBuilder message =
        new StringBuilder("the plan is not the approved one: ")
            .append(source)
            .append(" approved ")
            .append(digest)
            .append(", the plan is now ")
            .append(now.digest())
            .append("; nothing was touched");
    JsonNode approved = plan;
    if (approved == null) {
      Optional<PlaybookHistory.PastPlan> found = history.apply(digest);
      if (found.isPresent()) {
        approved = found.get().json();
        message
            .append(". ")
            .append(digest)
            .append(" is the plan of ")
            .append(found.get().revision())
            .append("; since then:");
      } else {
        message
            .append(". What changed cannot be shown: ")
            .append(digest)
            .append(" is not the plan of any of the last ")
            .append(PlaybookHistory.COMMITS)
            .append(" commits of the playbook's files (with these --inventory, --limit and -e);")
            .append(" pass --plan FILE, written by rollrun plan --out FILE, to see it");
      }
    } else {
      message.append(". What changed:");
    }
    if (approved != null) {
      message
          .append('\n')
          .append(PlanDiff.between(approved, PlanComparison.json(now)).text().stripTrailing());
    }
    throw new PlanChangedException(message.toString(), digest, now.digest());
  }
}

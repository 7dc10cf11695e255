package dev.rollrun.core.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.plan.PlanJson;
import dev.rollrun.core.problem.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plans a playbook made at other git revisions, with the same command-line inputs ({@code
 * --inventory}, {@code --limit}, {@code -e}) as now: for {@code rollrun plan --diff-ref REV}, and
 * to find which commit an approved digest was the plan of.
 */
public final class PlaybookHistory {

  /** How many of the latest commits that changed the playbook's files are searched for a digest. */
  public static final int COMMITS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlanLoader loader;
  private final Path playbook;
  private final PlanOptions options;

  /**
   * @param loader a loader that only plans (no demo fleet started)
   * @param playbook the playbook in the work tree
   * @param options the command line's inputs, as for the plan made now
   */
  public PlaybookHistory(PlanLoader loader, Path playbook, PlanOptions options) {
    this.loader = loader;
    this.playbook = playbook;
    this.options = options;
  }

  /**
   * A plan of another revision, as JSON, files named as in the work tree.
   *
   * @param revision the revision, as {@link GitRevision#describe()} names it
   */
  public record PastPlan(String revision, JsonNode json) {

    public String digest() {
      return json.path("digest").asText();
    }
  }

  /**
   * The plan at {@code revision}; empty when the playbook did not exist there.
   *
   * @throws UsageException when it is no git revision, or the playbook there cannot be planned
   */
  public Optional<PastPlan> at(String revision) {
    try (GitRevision git = GitRevision.of(playbook, revision)) {
      return planAt(git);
    }
  }

  /**
   * The newest of the last {@link #COMMITS} commits that changed the playbook's directory or its
   * inventory whose plan has {@code digest}; empty when none has, or the playbook is not in a git
   * work tree.
   */
  public Optional<PastPlan> find(String digest, Path inventoryFile) {
    Path top;
    try {
      top = GitRevision.top(playbook);
    } catch (UsageException e) {
      return Optional.empty();
    }
    List<Path> files = new ArrayList<>();
    files.add(playbook.toAbsolutePath().normalize().getParent());
    if (inventoryFile != null) {
      files.add(inventoryFile);
    }
    if (options.inventory() != null) {
      files.add(options.inventory());
    }
    for (String commit : GitRevision.commitsTouching(top, files, COMMITS)) {
      try (GitRevision git = GitRevision.of(playbook, commit)) {
        Optional<PastPlan> plan = planAt(git);
        if (plan.isPresent() && plan.get().digest().equals(digest)) {
          return plan;
        }
      } catch (RollrunException e) {
        // That revision does not plan (or plans differently): look at the next one.
      }
    }
    return Optional.empty();
  }

  private Optional<PastPlan> planAt(GitRevision git) {
    Optional<GitRevision.Written> written = git.write(playbook, options.inventory());
    if (written.isEmpty()) {
      return Optional.empty();
    }
    PlanOptions there =
        new PlanOptions(
            written.get().inventory(),
            options.limit(),
            options.extraVars(),
            options.environment(),
            options.home());
    String root = git.root().toString() + "/";
    String json;
    try (LoadedPlan loaded = loader.load(written.get().playbook(), there)) {
      json = PlanJson.toJson(loaded.plan(), true);
    } catch (RollrunException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new UsageException(
          "the playbook at "
              + git.describe()
              + " cannot be planned: "
              + message.replace(root, git.describe() + ":"));
    }
    try {
      return Optional.of(
          new PastPlan(git.describe(), JSON.readTree(json.replace(root, workTreePrefix(git)))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How the work tree's top is named from here: {@code ""} in it, else {@code ../} or a path. */
  private static String workTreePrefix(GitRevision git) {
    Path here = Path.of("").toAbsolutePath().normalize();
    String relative = here.relativize(git.top()).toString();
    return relative.isEmpty() ? "" : relative + "/";
  }
}

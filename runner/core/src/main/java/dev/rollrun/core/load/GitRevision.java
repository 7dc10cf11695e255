package dev.rollrun.core.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A playbook and the files it names as one git revision holds them, written into a temporary
 * directory of their own to be planned from there: the playbook ({@code git show REV:path}), its
 * inventory (a file, or a directory with everything under it) with the {@code group_vars/} and
 * {@code host_vars/} beside it, and every file its steps include ({@code include:}, also inside
 * included files) or run ({@code js:}), each at the same place relative to the repository's top as
 * in the work tree, so that relative references hold. Files outside the repository (an {@code -e
 * @secrets.yml} elsewhere) are read where they are. Closing deletes the directory.
 */
public final class GitRevision implements AutoCloseable {

  /** How long one git command may take. */
  private static final long GIT_SECONDS = 30;

  private final Path top;
  private final String revision;
  private final String commit;
  private final Path root;

  private GitRevision(Path top, String revision, String commit, Path root) {
    this.top = top;
    this.revision = revision;
    this.commit = commit;
    this.root = root;
  }

  /**
   * The revision {@code revision} of the git repository that holds {@code file}.
   *
   * @throws UsageException when the file is not in a git work tree, git is missing, or the revision
   *     names no commit
   */
  public static GitRevision of(Path file, String revision) {
    Path top = top(file);
    if (revision.isBlank() || revision.startsWith("-")) {
      throw new UsageException("\"" + revision + "\" is not a git revision");
    }
    Result commit = git(top, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
    if (commit.code() != 0) {
      throw new UsageException("\"" + revision + "\" names no commit of the git repository " + top);
    }
    try {
      return new GitRevision(
          top, revision, commit.out().strip(), Files.createTempDirectory("rollrun-revision-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The top of the git work tree that holds {@code file}. */
  static Path top(Path file) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException(file + ": no such directory to look for a git repository in");
    }
    Result top = git(dir, "rev-parse", "--show-toplevel");
    if (top.code() != 0) {
      throw new UsageException(file + " is not in a git work tree: " + top.err().strip());
    }
    return Path.of(top.out().strip());
  }

  /** {@code main (1a2b3c4)}: what the revision was called, and the commit it named. */
  public String describe() {
    String shortCommit = commit.substring(0, Math.min(7, commit.length()));
    return revision.equals(commit) || commit.startsWith(revision)
        ? shortCommit
        : revision + " (" + shortCommit + ")";
  }

  /** The temporary directory that plays the repository's top. */
  public Path root() {
    return root;
  }

  /** The repository's top in the work tree. */
  public Path top() {
    return top;
  }

  /**
   * Writes the playbook and the files it names into {@link #root()}.
   *
   * @param playbook the playbook in the work tree
   * @param inventory {@code --inventory}, or null
   * @return the playbook and the inventory as they lie in {@link #root()} (an inventory outside the
   *     repository stays where it is), or empty when the playbook does not exist at this revision
   */
  public Optional<Written> write(Path playbook, Path inventory) {
    String path =
        inRepository(playbook)
            .orElseThrow(
                () -> new UsageException(playbook + " is not in the git repository " + top));
    if (!writeEntry(path)) {
      return Optional.empty();
    }
    Path written = root.resolve(path);
    Path inventoryWritten = null;
    if (inventory != null) {
      Optional<String> inside = inRepository(inventory);
      if (inside.isPresent()) {
        writeInventory(inside.get());
        inventoryWritten = root.resolve(inside.get());
      } else {
        inventoryWritten = inventory.toAbsolutePath().normalize();
      }
    }
    Deque<String> files = new ArrayDeque<>();
    files.add(path);
    Set<String> seen = new HashSet<>();
    boolean first = true;
    while (!files.isEmpty()) {
      String file = files.poll();
      if (!seen.add(file)) {
        continue;
      }
      YamlDocument document;
      try {
        document = new YamlDocumentReader("playbook").read(root.resolve(file), file);
      } catch (RuntimeException e) {
        // Planning it says what is wrong, naming the file.
        continue;
      }
      if (first && inventory == null) {
        JsonNode reference = document.root().path("inventory");
        if (reference.isTextual() && !reference.asText().contains(":")) {
          besideFile(file, reference.asText()).ifPresent(this::writeInventory);
        }
      }
      JsonNode steps = first ? document.root().path("steps") : document.root();
      first = false;
      for (String[] named : references(steps)) {
        Optional<String> target = besideFile(file, named[1]);
        if (target.isPresent() && writeEntry(target.get()) && named[0].equals("include")) {
          files.add(target.get());
        }
      }
    }
    return Optional.of(new Written(written, inventoryWritten));
  }

  /**
   * The playbook and inventory written for a revision.
   *
   * @param playbook where the playbook was written
   * @param inventory where {@code --inventory} was written, or null without one
   */
  public record Written(Path playbook, Path inventory) {}

  /**
   * The inventory (file or directory) and the {@code group_vars/}, {@code host_vars/} beside it.
   */
  private void writeInventory(String path) {
    writeEntry(path);
    String dir = Files.isDirectory(root.resolve(path)) ? path : parent(path);
    for (String vars : List.of("group_vars", "host_vars")) {
      writeEntry(dir.isEmpty() ? vars : dir + "/" + vars);
    }
  }

  /**
   * Every {@code include:} and {@code js:} value under {@code node}, as {@code [key, value]}: step
   * lists nest in phases and in the steps themselves.
   */
  private static List<String[]> references(JsonNode node) {
    List<String[]> found = new ArrayList<>();
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if ((field.getKey().equals("include") || field.getKey().equals("js"))
            && field.getValue().isTextual()) {
          found.add(new String[] {field.getKey(), field.getValue().asText()});
        } else {
          found.addAll(references(field.getValue()));
        }
      }
    } else if (node.isArray()) {
      node.forEach(item -> found.addAll(references(item)));
    }
    return found;
  }

  /**
   * Writes one path of the revision, a file or a directory with all it holds, into {@link #root()};
   * false when the revision has no such path.
   */
  private boolean writeEntry(String path) {
    Result listing = git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", path);
    if (listing.code() != 0 || listing.out().isEmpty()) {
      return false;
    }
    boolean any = false;
    for (String entry : listing.out().split("\0")) {
      // "<mode> SP <type> SP <object> TAB <path>"
      int tab = entry.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      String[] meta = entry.substring(0, tab).split(" ");
      String file = entry.substring(tab + 1);
      if (meta.length < 3
          || !meta[1].equals("blob")
          || !(file.equals(path) || file.startsWith(path + "/"))) {
        continue;
      }
      Path target = root.resolve(file).normalize();
      if (!target.startsWith(root) || Files.exists(target)) {
        any |= Files.exists(target);
        continue;
      }
      byte[] content = gitBytes(top, "cat-file", "blob", meta[2]);
      try {
        Files.createDirectories(target.getParent());
        Files.write(target, content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      any = true;
    }
    return any;
  }

  /** A path of the work tree relative to the repository's top, {@code /} between names. */
  private Optional<String> inRepository(Path file) {
    Path absolute;
    try {
      Path parent = file.toAbsolutePath().normalize().getParent();
      absolute = parent.toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      absolute = file.toAbsolutePath().normalize();
    }
    if (!absolute.startsWith(top)) {
      return Optional.empty();
    }
    return Optional.of(slashes(top.relativize(absolute)));
  }

  /**
   * {@code relative} resolved beside the repository file {@code file}, if inside the repository.
   */
  private static Optional<String> besideFile(String file, String relative) {
    if (relative.startsWith("/") || relative.startsWith("~")) {
      return Optional.empty();
    }
    Path resolved =
        Path.of(parent(file).isEmpty() ? "." : parent(file)).resolve(relative).normalize();
    if (resolved.startsWith("..") || resolved.toString().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(slashes(resolved));
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String slashes(Path path) {
    List<String> names = new ArrayList<>();
    path.forEach(p -> names.add(p.toString()));
    return String.join("/", names);
  }

  /**
   * The last {@code max} commits, newest first, that changed any of {@code files} (paths of the
   * work tree), as full hashes.
   */
  public static List<String> commitsTouching(Path top, List<Path> files, int max) {
    List<String> args =
        new ArrayList<>(List.of("log", "--format=%H", "-n", Integer.toString(max), "HEAD", "--"));
    for (Path file : files) {
      Path absolute = file.toAbsolutePath().normalize();
      if (absolute.startsWith(top)) {
        args.add(slashes(top.relativize(absolute)));
      }
    }
    Result log = git(top, args.toArray(String[]::new));
    if (log.code() != 0) {
      return List.of();
    }
    return log.out().lines().filter(l -> !l.isBlank()).toList();
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is no reason to fail a command.
    }
  }

  // ---- running git --------------------------------------------------------------------------

  /** What git printed and how it exited. */
  private record Result(int code, byte[] bytes, String err) {
    String out() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static Result git(Path dir, String... args) {
    return run(dir, args);
  }

  private static byte[] gitBytes(Path dir, String... args) {
    Result result = run(dir, args);
    if (result.code() != 0) {
      throw new UsageException(
          "git " + String.join(" ", args) + " failed: " + result.err().strip());
    }
    return result.bytes();
  }

  private static Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("LC_ALL", "C");
    Process process;
    try {
      process =
          builder
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UsageException("git cannot be run (" + e.getMessage() + "): is it installed?");
    }
    try {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errors =
          new Thread(
              () -> {
                try (InputStream in = process.getErrorStream()) {
                  in.transferTo(err);
                } catch (IOException e) {
                  // what it printed so far is what there is
                }
              });
      errors.start();
      byte[] out;
      try (InputStream in = process.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!process.waitFor(GIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new UsageException(
            "git " + String.join(" ", args) + " took over " + GIT_SECONDS + "s");
      }
      errors.join(TimeUnit.SECONDS.toMillis(GIT_SECONDS));
      return new Result(
          process.exitValue(), out, new String(err.toByteArray(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new UsageException("interrupted while git ran");
    }
  }
}

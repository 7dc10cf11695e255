package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./rollrun} builds the distribution on first use and again exactly when a
 * source it is built from was added, removed or changed, never because the build itself created
 * {@code target/} directories. Runs the real launcher script on a small copy of the source tree
 * whose {@code mvnw} stands in for Maven: it counts builds and creates build output as Maven does.
 */
class LauncherRebuildTest {

  private static final String FAKE_MAVEN =
      """
      #!/bin/sh
      set -e
      echo build >>builds.log
      for module in runner/*/; do mkdir -p "${module}target/classes"; done
      mkdir -p runner/cli/target/rollrun/bin
      printf '#!/bin/sh\\necho "rollrun $*"\\n' >runner/cli/target/rollrun/bin/rollrun
      chmod +x runner/cli/target/rollrun/bin/rollrun
      """;

  @TempDir Path repo;

  /** What one {@code ./rollrun --version} printed, and whether it built. */
  record Run(int exitCode, String out, String err, boolean built) {}

  @BeforeEach
  void cloneAndBuildOnce() throws Exception {
    copy(Path.of("rollrun"), repo.resolve("rollrun"));
    copy(
        Path.of("runner/cli/src/dist/bin/rollrun"),
        repo.resolve("runner/cli/src/dist/bin/rollrun"));
    write("mvnw", FAKE_MAVEN);
    repo.resolve("mvnw").toFile().setExecutable(true);
    write("pom.xml", "<project/>\n");
    write("tests/pom.xml", "<project/>\n");
    write(".mvn/jvm.config", "\n");
    write("runner/core/pom.xml", "<project/>\n");
    write("runner/core/src/main/java/dev/rollrun/core/Planner.java", "class Planner {}\n");
    write("runner/core/src/main/java/dev/rollrun/core/Durations.java", "class Durations {}\n");
    write("schemas/playbook.schema.json", "{}\n");
    write("tests/src/test/java/SomeTest.java", "class SomeTest {}\n");
    write("playbooks/demo.yml", "name: demo\n");

    Run first = rollrun();
    assertTrue(first.built(), "the first run builds: " + first.err());
    assertTrue(first.err().contains("rollrun: building (first run)"), first.err());
    assertEquals("rollrun --version\n", first.out());
  }

  @Test
  void secondRunDoesNotBuildAgain() throws Exception {
    Run second = rollrun();
    assertEquals(0, second.exitCode(), second.err());
    assertEquals("", second.err(), "a run that does not build prints nothing of its own");
    assertEquals("rollrun --version\n", second.out());
    assertEquals(1, builds());
  }

  @Test
  void touchedSourceFileIsBuilt() throws Exception {
    Path source = repo.resolve("runner/core/src/main/java/dev/rollrun/core/Planner.java");
    Files.setLastModifiedTime(
        source, FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() + 2000));
    assertBuildsOnceFor("runner/core/src/main/java/dev/rollrun/core/Planner.java");
  }

  @Test
  void editedSourceFileIsBuilt() throws Exception {
    write("runner/core/src/main/java/dev/rollrun/core/Planner.java", "final class Planner {}\n");
    assertBuildsOnceFor("runner/core/src/main/java/dev/rollrun/core/Planner.java");
  }

  @Test
  void deletedSourceFileIsBuilt() throws Exception {
    Files.delete(repo.resolve("runner/core/src/main/java/dev/rollrun/core/Durations.java"));
    assertBuildsOnceFor("runner/core/src/main/java/dev/rollrun/core/Durations.java");
  }

  @Test
  void addedSourceFileIsBuilt() throws Exception {
    write("runner/core/src/main/java/dev/rollrun/core/Percentages.java", "class Percentages {}\n");
    assertBuildsOnceFor("runner/core/src/main/java/dev/rollrun/core/Percentages.java");
  }

  @Test
  void changedSchemaPomOrMavenConfigIsBuilt() throws Exception {
    write("schemas/playbook.schema.json", "{ }\n");
    assertBuildsOnceFor("schemas/playbook.schema.json");
    write("tests/pom.xml", "<project></project>\n");
    assertBuildsOnceFor("tests/pom.xml");
    write(".mvn/jvm.config", "-Xmx512m\n");
    assertBuildsOnceFor(".mvn/jvm.config");
  }

  @Test
  void buildOutputAndFilesOutsideTheSourcesDoNotBuild() throws Exception {
    write("runner/x/target/classes/Stale.class", "x");
    write("runner/core/target/generated-sources/Gen.java", "class Gen {}\n");
    write("tests/src/test/java/OtherTest.java", "class OtherTest {}\n");
    write("playbooks/demo.yml", "name: another demo\n");
    write("README.md", "# notes\n");
    Run run = rollrun();
    assertEquals("", run.err());
    assertEquals(1, builds());
  }

  @Test
  void aPluginJarDroppedIntoPluginsDoesNotBuildButAPluginSourceDoes() throws Exception {
    write("plugins/rollrun-check-version-1.0.0.jar", "PK");
    Run run = rollrun();
    assertEquals("", run.err(), "a dropped plugin jar is loaded as it is");
    assertEquals(1, builds());
    write("plugins/service/src/main/java/Service.java", "class Service {}\n");
    assertBuildsOnceFor("plugins/service/src/main/java/Service.java");
  }

  private void assertBuildsOnceFor(String changed) throws Exception {
    int before = builds();
    Run run = rollrun();
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("rollrun: building (sources changed: " + changed + ") ...\n", run.err());
    assertEquals(before + 1, builds());
    Run again = rollrun();
    assertEquals("", again.err(), "nothing changed since that build");
    assertEquals(before + 1, builds());
  }

  private Run rollrun() throws Exception {
    Path out = Files.createTempFile("rollrun-out", ".txt");
    Path err = Files.createTempFile("rollrun-err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder("bash", repo.resolve("rollrun").toString(), "--version")
              .directory(repo.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // The launcher looks for a JDK to build with: the one running this test is one.
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      int before = builds();
      Process process = builder.start();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "./rollrun did not finish");
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          builds() > before);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private int builds() throws IOException {
    Path log = repo.resolve("builds.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  private void write(String path, String content) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}

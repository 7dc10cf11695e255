package dev.rollrun.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of ARCHITECTURE.md, enforced: each package of {@code dev.rollrun.core} may
 * use only the packages below it in {@link #LAYERS}, and each library only in its packages. The
 * table in ARCHITECTURE.md is read and must list the same order.
 */
class ArchitectureTest {

  /** Bottom to top, as ARCHITECTURE.md lists them. */
  static final List<String> LAYERS =
      List.of(
          "text",
          "problem",
          "yaml",
          "schema",
          "config",
          "inventory",
          "template",
          "behaviour",
          "plugin",
          "js",
          "validate",
          "shell",
          "ssh",
          "task",
          "plan",
          "event",
          "health",
          "exec",
          "report",
          "load",
          "journal",
          "demo");

  /** Libraries and the only packages that may use them. */
  static final Map<String, List<String>> LIBRARIES =
      Map.of(
          "org.apache.sshd..", List.of("ssh", "demo"),
          "org.snakeyaml..", List.of("yaml"),
          "io.pebbletemplates..", List.of("template"),
          "com.networknt..", List.of("schema"),
          "com.jayway.jsonpath..", List.of("config", "health"),
          "org.pf4j..", List.of("plugin"),
          "org.graalvm..", List.of("js"),
          "org.apache.curator..", List.of("journal"),
          "org.apache.zookeeper..", List.of("journal"),
          "picocli..", List.of());

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rollrun.core");
  }

  @Test
  void everyPackageIsInTheLayeringAndTheDocumentSaysTheSame() throws IOException {
    List<String> packages =
        core.stream()
            .map(c -> c.getPackageName())
            .filter(p -> p.startsWith("dev.rollrun.core."))
            .map(p -> p.substring("dev.rollrun.core.".length()).split("\\.")[0])
            .distinct()
            .sorted()
            .toList();
    assertEquals(LAYERS.stream().sorted().toList(), packages, "packages of runner/core");
    assertEquals(LAYERS, documentedLayers(), "the order in ARCHITECTURE.md");
  }

  @Test
  void noPackageUsesOneAboveIt() {
    for (int i = 0; i < LAYERS.size(); i++) {
      String[] above =
          LAYERS.subList(i + 1, LAYERS.size()).stream()
              .map(p -> "dev.rollrun.core." + p + "..")
              .toArray(String[]::new);
      if (above.length == 0) {
        continue;
      }
      noClasses()
          .that()
          .resideInAPackage("dev.rollrun.core." + LAYERS.get(i) + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(above)
          .because(LAYERS.get(i) + " sits below them in ARCHITECTURE.md")
          .check(core);
    }
  }

  @Test
  void thereAreNoCycles() {
    slices().matching("dev.rollrun.core.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void librariesStayInTheirPackages() {
    LIBRARIES.forEach(
        (library, allowed) -> {
          List<String> others = new ArrayList<>();
          for (String layer : LAYERS) {
            if (!allowed.contains(layer)) {
              others.add("dev.rollrun.core." + layer + "..");
            }
          }
          noClasses()
              .that()
              .resideInAnyPackage(others.toArray(String[]::new))
              .should()
              .dependOnClassesThat()
              .resideInAPackage(library)
              .because(library + " belongs to " + allowed)
              .check(core);
        });
  }

  /**
   * The plugin API's signatures hold only JDK and rollrun types; PF4J's {@code ExtensionPoint}
   * marker, which the extension points extend, is the one exception.
   */
  @Test
  void theApiDependsOnNothingButTheJdk() {
    JavaClasses api = new ClassFileImporter().importPackages("dev.rollrun.api");
    noClasses()
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "outside dev.rollrun.api and java, other than org.pf4j.ExtensionPoint",
                c ->
                    !c.getPackageName().startsWith("dev.rollrun.api")
                        && !c.getPackageName().startsWith("java")
                        && !c.getName().equals("org.pf4j.ExtensionPoint")))
        .check(api);
  }

  /** The package column of the table in ARCHITECTURE.md, in order. */
  private static List<String> documentedLayers() throws IOException {
    Path doc = Path.of("../../ARCHITECTURE.md");
    List<String> layers = new ArrayList<>();
    Matcher row =
        Pattern.compile("^\\| *\\d+ *\\| *`([a-z]+)` *\\|", Pattern.MULTILINE)
            .matcher(Files.readString(doc));
    while (row.find()) {
      layers.add(row.group(1));
    }
    return layers;
  }
}

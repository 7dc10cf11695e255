package dev.rollrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The man pages of the distribution ({@code src/dist/man/man1/}, {@code man -M <distribution>/man
 * rollrun}) are picocli's ManPageGenerator's AsciiDoc of rollrun's commands, made into man pages by
 * asciidoctor: one per command, checked here to be what the commands say now. After a change to a
 * command, regenerate them with {@code ./mvnw -pl runner/cli -am test -Dtest=ManPagesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Drollrun.golden.update=true} (asciidoctor: {@code
 * apt-get install asciidoctor}).
 */
class ManPagesTest {

  private static final Path PAGES = Path.of("src/dist/man/man1");
  private static final boolean UPDATE = Boolean.getBoolean("rollrun.golden.update");

  @TempDir Path work;

  @Test
  void theDistributionsManPagesAreThoseOfTheCommandsAsTheyAreNow()
      throws IOException, InterruptedException {
    CommandLine cli = new CommandLine(RollCommand.class, Wiring.builtIn(List.of()).commands());
    // The version without the JVM's: the pages are the same whichever Java generates them.
    cli.getCommandSpec()
        .versionProvider(() -> new String[] {"rollrun " + VersionProvider.version()});
    List<CommandSpec> specs = new ArrayList<>();
    specs.add(cli.getCommandSpec());
    cli.getSubcommands().values().forEach(sub -> specs.add(sub.getCommandSpec()));

    Path adoc = Files.createDirectories(work.resolve("adoc"));
    Path man = Files.createDirectories(work.resolve("man1"));
    assertEquals(
        0,
        ManPageGenerator.generateManPage(
            adoc.toFile(), null, new boolean[0], true, specs.toArray(CommandSpec[]::new)));
    List<String> command =
        new ArrayList<>(
            List.of(
                "asciidoctor",
                "--backend",
                "manpage",
                "--attribute",
                "reproducible",
                "--destination-dir",
                man.toString()));
    try (Stream<Path> files = Files.list(adoc)) {
      files.map(Path::toString).sorted().forEach(command::add);
    }
    Process asciidoctor =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .start();
    String said = new String(asciidoctor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(asciidoctor.waitFor(120, TimeUnit.SECONDS), "asciidoctor finished");
    assertEquals(0, asciidoctor.exitValue(), said);
    assertEquals("", said, "asciidoctor warned");

    TreeSet<String> made = names(man);
    assertTrue(made.contains("rollrun.1") && made.contains("rollrun-plan.1"), made.toString());
    if (UPDATE) {
      Files.createDirectories(PAGES);
      for (String old : names(PAGES)) {
        Files.delete(PAGES.resolve(old));
      }
      for (String page : made) {
        Files.copy(man.resolve(page), PAGES.resolve(page));
      }
    }
    assertEquals(
        made, names(PAGES), "one page per command: regenerate with -Drollrun.golden.update=true");
    for (String page : made) {
      assertEquals(
          Files.readString(man.resolve(page)),
          Files.readString(PAGES.resolve(page)),
          page + " is out of date: regenerate with -Drollrun.golden.update=true");
    }
    String rollrun = Files.readString(PAGES.resolve("rollrun.1"));
    assertTrue(rollrun.contains("the plan is not the approved one"), "exit code 5 is listed");
    assertTrue(
        Files.readString(PAGES.resolve("rollrun-plan.1")).contains("diff\\-ref"),
        "plan's options are there");
  }

  private static TreeSet<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
    }
  }
}

package dev.rollrun.tests.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Files that belong together (a playbook, its inventory, the steps it includes, a vars file) and
 * the command line that validates them: a seed of the fuzzer. File arguments start with {@link
 * #DIR}, which stands for the directory the files are written to.
 *
 * @param name where the seed comes from, for reports
 * @param files file contents by path relative to the bundle's directory
 * @param args the command line, {@code validate} first
 */
public record Bundle(String name, Map<String, byte[]> files, List<String> args) {

  /** Stands for the directory a case's files are written to, in {@link #args}. */
  public static final String DIR = "{dir}";

  public Bundle {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    args = List.copyOf(args);
  }

  /** Every regular file under {@code dir}, by path relative to it, except those named. */
  public static Map<String, byte[]> filesUnder(Path dir, List<String> except) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path file : all.filter(Files::isRegularFile).sorted().toList()) {
        String relative = dir.relativize(file).toString();
        if (!except.contains(relative)) {
          files.put(relative, Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  /** The bundle's files as a playbook, an inventory... would be named on its command line. */
  String playbook() {
    return args.stream()
        .filter(a -> a.startsWith(DIR + "/"))
        .map(a -> a.substring(DIR.length() + 1))
        .findFirst()
        .orElse(null);
  }
}

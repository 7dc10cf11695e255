package dev.rollrun.tests.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One input of the fuzzer: files and a command line, made from a {@link Bundle} by the mutations
 * listed.
 *
 * @param index the input's number; with the seed, it makes the same input again
 * @param bundle the seed it was made from
 * @param files contents by path relative to the case's directory
 * @param args the command line, file arguments starting with {@link Bundle#DIR}
 * @param mutations what was done to the seed, in order
 */
public record FuzzCase(
    int index,
    String bundle,
    Map<String, byte[]> files,
    List<String> args,
    List<String> mutations) {

  public FuzzCase {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    args = List.copyOf(args);
    mutations = List.copyOf(mutations);
  }

  /** Writes the files into {@code dir} (emptied first); returns the command line for there. */
  public String[] writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Deletion.contentsOf(dir);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey()).normalize();
      if (!path.startsWith(dir)) {
        continue; // a seed file outside the bundle: never written outside the case
      }
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    return args.stream().map(a -> a.replace(Bundle.DIR, dir.toString())).toArray(String[]::new);
  }

  /** What was done, one mutation per line, for a report. */
  public String describe() {
    return "input #" + index + " from " + bundle + ": " + String.join("; ", mutations);
  }
}

package dev.rollrun.tests.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
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
    return writeOver(dir, new HashMap<>());
  }

  /**
   * Makes {@code dir} hold this case's files, given that it holds {@code onDisk} (which is
   * updated): a file the last case wrote with the same bytes (most of a seed's files) is left as it
   * is. Returns the command line for there.
   */
  public String[] writeOver(Path dir, Map<String, byte[]> onDisk) throws IOException {
    try {
      return update(dir, onDisk);
    } catch (IOException e) {
      // A name that was a directory in the last case and is a file now, or the reverse.
      Deletion.contentsOf(dir);
      onDisk.clear();
      return update(dir, onDisk);
    }
  }

  private String[] update(Path dir, Map<String, byte[]> onDisk) throws IOException {
    for (var it = onDisk.entrySet().iterator(); it.hasNext(); ) {
      var file = it.next();
      if (files.get(file.getKey()) != file.getValue()) {
        Files.deleteIfExists(dir.resolve(file.getKey()));
        it.remove();
      }
    }
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey()).normalize();
      if (!path.startsWith(dir) || onDisk.get(file.getKey()) == file.getValue()) {
        continue; // outside the case (never written there), or already there
      }
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
      onDisk.put(file.getKey(), file.getValue());
    }
    return args.stream().map(a -> a.replace(Bundle.DIR, dir.toString())).toArray(String[]::new);
  }

  /** What was done, one mutation per line, for a report. */
  public String describe() {
    return "input #" + index + " from " + bundle + ": " + String.join("; ", mutations);
  }
}

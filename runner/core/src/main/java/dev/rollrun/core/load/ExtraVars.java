package dev.rollrun.core.load;

import dev.rollrun.core.config.VarsFile;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.yaml.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code -e} options, in order: {@code key=value} sets a variable shown as it is; {@code
 * @file.yml} reads a YAML mapping of secret values, shown only as {@code <secret:NAME>}. A later
 * value of the same name wins.
 *
 * @param plain the {@code key=value} variables
 * @param secret the variables of the secrets files
 */
public record ExtraVars(Map<String, Object> plain, Map<String, Object> secret) {

  public ExtraVars {
    plain = Collections.unmodifiableMap(new LinkedHashMap<>(plain));
    secret = Collections.unmodifiableMap(new LinkedHashMap<>(secret));
  }

  /**
   * @throws UsageException for an option that is neither form, or a secrets file that is missing
   * @throws InvalidConfigException for a secrets file that is not a mapping
   */
  public static ExtraVars parse(List<String> options) {
    Map<String, Object> plain = new LinkedHashMap<>();
    Map<String, Object> secret = new LinkedHashMap<>();
    for (String e : options) {
      if (e.startsWith("@")) {
        secret.putAll(secretsFile(e.substring(1)));
      } else {
        int eq = e.indexOf('=');
        if (eq <= 0) {
          throw new UsageException(
              "-e " + e + ": expected key=value, or @file.yml for a file of secret values");
        }
        plain.put(e.substring(0, eq).strip(), e.substring(eq + 1));
      }
    }
    return new ExtraVars(plain, secret);
  }

  private static Map<String, Object> secretsFile(String file) {
    TextFiles.unusableFileName(file)
        .ifPresent(
            why -> {
              throw new UsageException("-e @" + file + ": the file name " + why);
            });
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      throw new UsageException("-e @" + file + ": no such file" + TextFiles.similarFileName(path));
    }
    return VarsFile.read(path, SourceFiles.displayName(path));
  }
}

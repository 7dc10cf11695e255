package dev.rollrun.tests.fuzz;

import dev.rollrun.tests.fuzz.OutcomeCheck.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzz run found, input by input: exit codes, processor time, the slowest inputs, and the
 * broken promises grouped by {@link Violation#signature()} with a few examples each, kept on disk
 * to be run again. Thread-safe: the workers of a run share one.
 */
public final class FuzzTally {

  /** Examples kept (and written to disk) per distinct failure. */
  private static final int EXAMPLES = 3;

  /** How many of the slowest inputs the report lists. */
  private static final int SLOWEST = 5;

  /**
   * What one input did, and how long it took: on the clock, and on the processor.
   *
   * @param exitCode the command's exit code; -1 when it did not answer, -2 when it threw
   */
  public record Run(
      FuzzCase input, int exitCode, String out, String err, long nanos, long cpuNanos) {

    public static Run hung(FuzzCase input, long nanos) {
      return new Run(input, -1, "", "", nanos, 0);
    }

    public static Run threw(FuzzCase input, Throwable thrown, long nanos) {
      return new Run(input, -2, "", String.valueOf(thrown), nanos, 0);
    }
  }

  /** Inputs that broke the same promise the same way. */
  public static final class Failure {
    private final List<String> examples = new ArrayList<>();
    private int count;

    public int count() {
      return count;
    }
  }

  private final Duration cpuLimit;
  private final Duration hang;
  private final Path keep;
  private final Map<String, Failure> failures = new TreeMap<>();
  private final Map<Integer, Integer> exitCodes = new TreeMap<>();
  private final TreeMap<Long, String> slowest = new TreeMap<>();
  private int inputs;
  private long cpuNanos;

  /**
   * @param cpuLimit processor time an input may take
   * @param hang time on the clock after which an input counts as hung
   * @param keep where failing inputs are written, one directory per input
   */
  public FuzzTally(Duration cpuLimit, Duration hang, Path keep) {
    this.cpuLimit = cpuLimit;
    this.hang = hang;
    this.keep = keep;
  }

  /** Checks one run and counts what it broke. */
  public void record(Run run) {
    List<Violation> violations = new ArrayList<>();
    if (run.exitCode() == -1) {
      violations.add(new Violation("no answer within " + hang.toSeconds() + " s", ""));
    } else if (run.exitCode() == -2) {
      violations.add(new Violation("threw", run.err()));
    } else {
      if (run.cpuNanos() > cpuLimit.toNanos()) {
        violations.add(
            new Violation(
                "more than " + cpuLimit.toMillis() / 1000.0 + " s of processor time", ""));
      }
      violations.addAll(
          OutcomeCheck.check(run.exitCode(), run.out(), run.err(), run.input().args()));
    }
    synchronized (this) {
      inputs++;
      cpuNanos += run.cpuNanos();
      exitCodes.merge(run.exitCode(), 1, Integer::sum);
      slowest.put(
          run.cpuNanos(),
          String.format(
              "%.2f s of processor (%.2f s on the clock): %s",
              run.cpuNanos() / 1e9, run.nanos() / 1e9, run.input().describe()));
      while (slowest.size() > SLOWEST) {
        slowest.pollFirstEntry();
      }
      for (Violation violation : violations) {
        // A slow or hung input has no evidence line: its mutations say what it was.
        String signature =
            violation.evidence().isEmpty()
                ? violation.kind()
                    + ": "
                    + String.join("; ", run.input().mutations()).replaceAll("\\d+", "N")
                : violation.signature();
        Failure failure = failures.computeIfAbsent(signature, s -> new Failure());
        failure.count++;
        if (failure.examples.size() < EXAMPLES) {
          failure.examples.add(
              run.input().describe() + "\n      " + violation.evidence() + kept(run));
        }
      }
    }
  }

  public synchronized int inputs() {
    return inputs;
  }

  /** The distinct failures by signature. */
  public synchronized Map<String, Failure> failures() {
    return Map.copyOf(failures);
  }

  /** The run in a few lines: counts, time, the slowest inputs, every distinct failure. */
  public synchronized String report(long seed, int threads, Duration took) {
    StringBuilder out = new StringBuilder();
    int failing = failures.values().stream().mapToInt(Failure::count).sum();
    out.append(
        String.format(
            "fuzz: %,d inputs (seed %d, %d thread(s)) in %.1f s, %.1f s of processor time;"
                + " exit codes %s; %d failing input(s), %d distinct failure(s)",
            inputs,
            seed,
            threads,
            took.toMillis() / 1000.0,
            cpuNanos / 1e9,
            exitCodes,
            failing,
            failures.size()));
    slowest.descendingMap().values().forEach(s -> out.append("\n  slowest: ").append(s));
    failures.forEach(
        (signature, failure) -> {
          out.append("\n").append(failure.count).append("x ").append(signature);
          failure.examples.forEach(e -> out.append("\n    ").append(e));
        });
    return out.toString();
  }

  /** Writes a failing input where it can be read and run again; says where. */
  private String kept(Run run) {
    Path dir = keep.resolve(String.valueOf(run.input().index()));
    try {
      run.input().writeTo(dir);
      String text =
          run.input().describe()
              + "\nargs: "
              + String.join(" ", run.input().args())
              + "\nexit code: "
              + run.exitCode()
              + "\n--- stdout\n"
              + run.out()
              + "\n--- stderr\n"
              + run.err();
      // A lone surrogate in an argument becomes "?" here: the file is only for reading.
      Files.write(dir.resolve("fuzz-input.txt"), text.getBytes(StandardCharsets.UTF_8));
      return " (kept in " + dir + ")";
    } catch (IOException e) {
      return " (not kept: " + e.getMessage() + ")";
    }
  }
}

package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fuzz.Bundle;
import dev.rollrun.tests.fuzz.CaseGenerator;
import dev.rollrun.tests.fuzz.Deletion;
import dev.rollrun.tests.fuzz.FuzzCase;
import dev.rollrun.tests.fuzz.FuzzTally;
import dev.rollrun.tests.fuzz.FuzzTally.Run;
import dev.rollrun.tests.fuzz.SpecialFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@code rollrun validate}: seeded, grammar-aware mutations of the example playbooks and
 * inventories and of the broken-input corpus (see {@code fuzz.CaseGenerator}), plus random bytes
 * and special files, each run in-process with a time limit and held to what {@code validate}
 * promises for any input ({@code fuzz.OutcomeCheck}): exit code 0 or 2, no stack trace, no raw
 * control character, every rejection with its file:line:column or option, and an answer within a
 * few seconds.
 *
 * <p>System properties: {@code rollrun.fuzz.count} (inputs, default 10,000), {@code
 * rollrun.fuzz.seed} (default 1; the same seed makes the same inputs), {@code rollrun.fuzz.input}
 * (run only that input, to reproduce a failure), {@code rollrun.fuzz.cpuLimitMillis} (processor
 * time per input, default 3,000), {@code rollrun.fuzz.timeLimit} (seconds on the clock before an
 * input counts as hung, default 30), {@code rollrun.fuzz.threads} (default: the number of cores). A
 * failing input is written to {@code tests/target/fuzz-failures/<input>/} with its command line,
 * mutations and output.
 */
@Tag("slow") // minutes of validate runs: once per CI run (step 2), not again on the newer JDK
class ValidateFuzzTest {

  private static final Path WORK = Path.of("tests/target/fuzz");
  private static final Path FAILURES = Path.of("tests/target/fuzz-failures");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  @Test
  void validateKeepsItsPromisesForEveryMutatedInput() throws Exception {
    int count = Integer.getInteger("rollrun.fuzz.count", 10_000);
    long seed = Long.getLong("rollrun.fuzz.seed", 1L);
    Integer only = Integer.getInteger("rollrun.fuzz.input");
    // Slowness is measured on the processor, which other builds sharing the machine do not
    // inflate; a hang on the clock.
    Duration cpuLimit = Duration.ofMillis(Long.getLong("rollrun.fuzz.cpuLimitMillis", 3_000L));
    Duration hang = Duration.ofSeconds(Long.getLong("rollrun.fuzz.timeLimit", 30L));
    int threads =
        Integer.getInteger("rollrun.fuzz.threads", Runtime.getRuntime().availableProcessors());
    List<Integer> inputs =
        only != null ? List.of(only) : Stream.iterate(0, i -> i + 1).limit(count).toList();

    FuzzTally tally = new FuzzTally(cpuLimit, hang, FAILURES);
    long start = System.nanoTime();
    long cpuStart = PROCESS.getProcessCpuTime();
    try (SpecialFiles special = new SpecialFiles(WORK.resolve("special"))) {
      CaseGenerator generator = new CaseGenerator(seeds(), special);
      ExecutorService workers = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
          int worker = w;
          running.add(
              workers.submit(
                  () -> {
                    try (Driver driver = new Driver(WORK.resolve("w" + worker), hang)) {
                      for (int n = worker; n < inputs.size(); n += threads) {
                        tally.record(driver.run(generator.generate(seed, inputs.get(n))));
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> worker : running) {
          worker.get(); // a worker that broke fails the test rather than skipping inputs
        }
      } finally {
        workers.shutdownNow();
      }
    }
    String report =
        tally.report(seed, threads, Duration.ofNanos(System.nanoTime() - start))
            + String.format(
                "%nfuzz: %.1f s of processor time for the whole test JVM",
                (PROCESS.getProcessCpuTime() - cpuStart) / 1e9);
    System.out.println(report);
    assertEquals(inputs.size(), tally.inputs(), "every input ran");
    assertTrue(tally.failures().isEmpty(), report);
  }

  /** Runs inputs one at a time on a thread of its own, abandoning one that hangs. */
  private static final class Driver implements AutoCloseable {
    private final Path dir;
    private final Duration hang;
    private final Map<String, byte[]> onDisk = new HashMap<>();
    private ExecutorService executor = newExecutor();

    Driver(Path dir, Duration hang) throws IOException {
      this.dir = dir;
      this.hang = hang;
      Files.createDirectories(dir);
      Deletion.contentsOf(dir);
    }

    Run run(FuzzCase input) throws IOException, InterruptedException {
      String[] args = input.writeOver(dir, onDisk);
      long start = System.nanoTime();
      Future<Run> future =
          executor.submit(
              () -> {
                long cpu = THREADS.getCurrentThreadCpuTime();
                CommandLineRun run = CommandLineRun.of(args);
                return new Run(
                    input,
                    run.exitCode(),
                    run.out(),
                    run.err(),
                    System.nanoTime() - start,
                    THREADS.getCurrentThreadCpuTime() - cpu);
              });
      try {
        return future.get(hang.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        executor.shutdownNow();
        executor = newExecutor(); // the hung thread may never return; it is a daemon
        return Run.hung(input, System.nanoTime() - start);
      } catch (ExecutionException e) {
        return Run.threw(input, e.getCause(), System.nanoTime() - start);
      }
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }

    private static ExecutorService newExecutor() {
      return Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz-validate");
            t.setDaemon(true);
            return t;
          });
    }
  }

  /** The example playbooks with their inventories, and every case of the broken-input corpus. */
  static List<Bundle> seeds() throws IOException {
    List<Bundle> seeds = new ArrayList<>();
    Map<String, byte[]> examples = new LinkedHashMap<>();
    for (String dir : List.of("playbooks", "inventory")) {
      Bundle.filesUnder(Path.of(dir), List.of())
          .forEach((name, bytes) -> examples.put(dir + "/" + name, bytes));
    }
    try (Stream<Path> playbooks = Files.list(Path.of("playbooks"))) {
      for (Path playbook : playbooks.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        String name = "playbooks/" + playbook.getFileName();
        seeds.add(new Bundle(name, examples, List.of("validate", Bundle.DIR + "/" + name)));
      }
    }
    for (String name : BrokenInputCorpusTest.cases().toList()) {
      Path caseDir = Path.of(BrokenInputCorpusTest.CORPUS, name);
      if (Files.exists(caseDir.resolve("generate"))) {
        continue; // made by the corpus test itself; large, binary and special files are made here
      }
      List<String> args = new ArrayList<>(BrokenInputCorpusTest.arguments(caseDir, Bundle.DIR));
      if (!args.isEmpty() && args.get(0).equals("plan")) {
        args.remove(0);
      }
      if (args.isEmpty() || !args.get(0).equals("validate")) {
        args.add(0, "validate");
      }
      for (int i = args.size() - 1; i >= 0; i--) {
        // --format is an option of plan, not of validate
        if (args.get(i).startsWith("--format=")) {
          args.remove(i);
        } else if (args.get(i).equals("--format")) {
          args.remove(i);
          if (i < args.size()) {
            args.remove(i);
          }
        }
      }
      seeds.add(
          new Bundle(
              "broken/" + name, Bundle.filesUnder(caseDir, List.of("args", "expected")), args));
    }
    return seeds;
  }
}

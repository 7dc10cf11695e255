package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The demo services of a fleet: one small TCP (HTTP) service per host, controlled by the host's
 * {@code svc} script, with one event log for the whole fleet.
 *
 * <p>The service is {@code demo-service.pl} (perl-base only: on every Debian and Ubuntu machine),
 * bound to the host's address and its service port. {@code svc start} launches it with {@code nohup
 * ... >service.log 2>&1 &} and returns once it listens; see {@code svc.bash} next to this class for
 * the commands and the flags ({@code fail-start}, {@code unhealthy}) it obeys.
 */
final class DemoServices {

  static final String PROGRAM = "demo-service.pl";
  static final String EVENT_LOG = "events.log";

  private final Path fleetDir;
  private final List<SshdHost> hosts;

  DemoServices(Path fleetDir, List<SshdHost> hosts) {
    this.fleetDir = fleetDir;
    this.hosts = hosts;
  }

  Path program() {
    return fleetDir.resolve(PROGRAM);
  }

  Path eventLog() {
    return fleetDir.resolve(EVENT_LOG);
  }

  /** Writes the service program, each host's {@code svc} and an empty event log. */
  void install() {
    try {
      Files.writeString(program(), resource(PROGRAM));
      String body = resource("svc.bash");
      for (SshdHost h : hosts) {
        String header =
            "#!/bin/bash\n"
                + "# Controls the demo service of fleet host "
                + h.name()
                + " (written by SshdFleet).\n"
                + assignment("HOST_ID", h.name())
                + assignment("ADDR", h.address())
                + assignment("PORT", Integer.toString(h.servicePort()))
                + assignment("DIR", h.dir().toString())
                + assignment("EVENTS", eventLog().toString())
                + assignment("PROGRAM", program().toString());
        Files.writeString(h.svc(), header + body);
        Files.setPosixFilePermissions(h.svc(), PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.createFile(eventLog());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the demo service", e);
    }
  }

  private static String assignment(String name, String value) {
    return name + "=" + Processes.shellQuote(value) + "\n";
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DemoServices.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to DemoServices");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs {@code svc <action>} for every host, locally and a few at a time. */
  void onAll(String action) {
    Processes.forEachParallel(
        hosts,
        h -> {
          ProcessBuilder builder = new ProcessBuilder("bash", h.svc().toString(), action);
          builder.environment().put("HOME", h.dir().toString());
          builder.environment().put("HOST_ID", h.name());
          CommandResult result = Processes.run(builder, Duration.ofSeconds(30));
          if (!result.ok()) {
            throw new IllegalStateException(h.name() + ": " + result.describe());
          }
        });
  }

  /** Every event logged so far, in order. */
  List<ServiceEvent> events() {
    String log;
    try {
      log = Files.readString(eventLog(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // a line being appended right now is not an event yet
    String complete = log.substring(0, log.lastIndexOf('\n') + 1);
    return complete.lines().filter(line -> !line.isBlank()).map(ServiceEvent::parse).toList();
  }

  /** The pid of the host's running service, or -1. */
  long pid(SshdHost host) {
    long pid = readPid(host.servicePidFile()).orElse(-1L);
    return isOurs(pid) ? pid : -1;
  }

  private boolean isOurs(long pid) {
    return Processes.isAlive(pid) && Processes.commandLine(pid).contains(program().toString());
  }

  void setFlag(SshdHost host, String flag, String content) {
    SshdHost.write(host.dir().resolve(flag), content);
  }

  void clearFlag(SshdHost host, String flag) {
    try {
      Files.deleteIfExists(host.dir().resolve(flag));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every service ever started (by pid file and event log) that still runs. */
  void killAll() {
    Set<Long> pids = new HashSet<>();
    hosts.forEach(h -> readPid(h.servicePidFile()).ifPresent(pids::add));
    if (Files.exists(eventLog())) {
      events().forEach(e -> pids.add(e.pid()));
    }
    List<ProcessHandle> services =
        pids.stream()
            .filter(this::isOurs)
            .map(ProcessHandle::of)
            .flatMap(Optional::stream)
            .toList();
    if (!Processes.killAll(services, Duration.ofSeconds(10))) {
      throw new IllegalStateException("demo services survived SIGKILL: " + services);
    }
  }

  static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}

package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real OpenSSH tools (ssh-keygen, ssh-agent, ssh-add) and small shell checks. */
final class Shell {

  private Shell() {}

  /** Runs a program, fails the test if it fails, returns its stdout. */
  static String run(Map<String, String> env, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return output;
  }

  static String run(String... command) throws IOException {
    return run(Map.of(), command);
  }

  /** A new OpenSSH private key ({@code file}, plus {@code file.pub}). */
  static Path keygen(Path file, String type, String passphrase) throws IOException {
    file.getParent().toFile().mkdirs();
    run(
        List.of(
                "ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                "test@rollrun",
                "-f",
                file.toString())
            .toArray(String[]::new));
    return file;
  }

  static Path keygen(Path file) throws IOException {
    return keygen(file, "ed25519", "");
  }

  static Path pub(Path key) {
    return key.resolveSibling(key.getFileName() + ".pub");
  }

  /** Whether a process with this pid is alive ({@code kill -0}). */
  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Writes a small executable shell script. */
  static Path script(Path dir, String name, String body) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    file.toFile().setExecutable(true);
    return file;
  }
}

package dev.rollrun.core.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.RollrunException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One roll per cluster on this machine: an exclusive lock on {@code <state dir>/locks/<name>.lock}
 * held for the whole run, the file holding who holds it (run id, user, machine, pid, since). The
 * lock is the operating system's: it goes away with the process that held it, however that process
 * ended, so a lock left by a dead run is never in the way (and the file's content then only says
 * who held it last).
 */
public final class LockFile implements RunLock {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public LockFile(Path locks, String name) {
    this.file = locks.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
  }

  public Path file() {
    return file;
  }

  @Override
  public Lease acquire(Holder me) {
    FileChannel channel;
    try {
      Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new LockException(file + ": cannot open the lock: " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process: another run in this JVM
    } catch (IOException e) {
      close(channel);
      throw new LockException(file + ": cannot lock: " + e.getMessage(), e);
    }
    if (lock == null) {
      Optional<Holder> holder = readHolder(channel);
      // A holder writes who it is right after it takes the lock: give it a moment to.
      for (int i = 0; holder.isEmpty() && i < HOLDER_WAITS; i++) {
        pause();
        holder = readHolder(channel);
      }
      close(channel);
      throw new LockHeldException(name(), holder.orElse(null), file.toString());
    }
    write(channel, me);
    FileLock held = lock;
    return new Lease() {
      @Override
      public void close() {
        try {
          channel.truncate(0);
          held.release();
        } catch (IOException e) {
          // the lock goes with the process anyway
        } finally {
          LockFile.close(channel);
        }
      }
    };
  }

  @Override
  public Optional<Holder> holder() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        probe = null;
      }
      if (probe != null) {
        probe.release();
        return Optional.empty(); // nobody holds it
      }
      return readHolder(channel);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A lock file cannot be broken: the operating system holds it for a live process, and releases it
   * the moment that process ends, however it ends.
   */
  @Override
  public void breakHeld(Holder holder) {
    throw new LockException(
        file
            + " is held by a live process on this machine"
            + (holder == null ? "" : " (run " + holder.runId() + ", pid " + holder.pid() + ")")
            + ": a lock file goes away with its process and cannot be broken; end that run"
            + " (Ctrl-C, or kill "
            + (holder == null ? "its pid" : Long.toString(holder.pid()))
            + ") and it is released at once");
  }

  @Override
  public String name() {
    return file.getFileName().toString().replaceFirst("\\.lock$", "");
  }

  /**
   * How often, 50 ms apart, a refused run reads again a lock file that does not name its holder.
   */
  private static final int HOLDER_WAITS = 40;

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<Holder> readHolder(FileChannel channel) {
    try {
      ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
      channel.read(bytes, 0);
      String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
      if (text.isBlank()) {
        return Optional.empty();
      }
      JsonNode h = JSON.readTree(text);
      return Optional.of(
          new Holder(
              h.path("run").asText(),
              h.path("user").asText(),
              h.path("machine").asText(),
              h.path("pid").asLong(),
              Instant.parse(h.path("since").asText())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void write(FileChannel channel, Holder me) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("run", me.runId());
      json.writeStringField("user", me.user());
      json.writeStringField("machine", me.machine());
      json.writeNumberField("pid", me.pid());
      json.writeStringField("since", me.since().toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
    } catch (IOException e) {
      throw new RollrunException("cannot write the lock's holder: " + e.getMessage(), e);
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}

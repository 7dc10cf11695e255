package dev.rollrun.core.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rollrun.core.event.DurableListener;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.report.EventJsonLines;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends a run's journal, {@code journal.jsonl}: a header line, then every event that changes what
 * the run has done, each written and forced to the disk before {@link #on} returns, and so before
 * the action it announces proceeds (a step is journaled as started before its command runs).
 * Command output and gate progress are left out: they change nothing a later run needs.
 *
 * <p>The event lines are those of {@code --events} ({@link EventJsonLines}, {@code
 * schemas/events.schema.json}); the header is {@code {"format":1,"type":"journal-started",...}}
 * (see {@link JournalHeader}), a run continued by {@code rollrun resume} adds a {@code run-resumed}
 * line. A line cut short by a crash is ignored when the journal is read.
 */
public final class JournalWriter implements DurableListener, AutoCloseable {

  /** The journal's format; the event lines follow {@link EventJsonLines#FORMAT}. */
  public static final int FORMAT = 1;

  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final FileChannel channel;

  private JournalWriter(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Starts the journal of a new run; the file must not exist yet. */
  public static JournalWriter create(Path file, JournalHeader header) {
    JournalWriter writer = open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    writer.write(headerLine(header));
    return writer;
  }

  /**
   * Continues the journal of an earlier run, recording that it is continued from here. A last line
   * cut short by a crash is closed first, so that it stays one torn line that readers skip.
   */
  public static JournalWriter resume(
      Path file,
      Instant at,
      String user,
      String machine,
      long pid,
      String planDigest,
      boolean replan) {
    return append(file, RESUMED, at, user, machine, pid, planDigest, replan);
  }

  /**
   * Continues the journal of an earlier run for {@code rollrun recover}: the records that follow,
   * up to a {@code run-resumed}, restore what the run left set and move no node (see {@link
   * JournalReplay}).
   */
  public static JournalWriter recover(
      Path file, Instant at, String user, String machine, long pid, String planDigest) {
    return append(file, RECOVERY_STARTED, at, user, machine, pid, planDigest, false);
  }

  /** The record a continued run begins with. */
  static final String RESUMED = "run-resumed";

  /** The record a recovery begins with. */
  static final String RECOVERY_STARTED = "recovery-started";

  private static JournalWriter append(
      Path file,
      String type,
      Instant at,
      String user,
      String machine,
      long pid,
      String planDigest,
      boolean replan) {
    JournalWriter writer = open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    if (!endsWithNewLine(file)) {
      writer.write("");
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("format", FORMAT);
      json.writeStringField("type", type);
      json.writeStringField("time", at.toString());
      json.writeStringField("user", user);
      json.writeStringField("machine", machine);
      json.writeNumberField("pid", pid);
      json.writeStringField("planDigest", planDigest);
      json.writeBooleanField("replan", replan);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writer.write(text.toString());
    return writer;
  }

  private static JournalWriter open(Path file, StandardOpenOption... options) {
    try {
      return new JournalWriter(file, FileChannel.open(file, options));
    } catch (IOException e) {
      throw new JournalException(file, "cannot open the journal: " + describe(e), e);
    }
  }

  /** Whether an event goes into the journal: everything but output lines and gate progress. */
  static boolean journaled(RunEvent event) {
    return !(event instanceof RunEvent.OutputLine) && !(event instanceof RunEvent.GateProgress);
  }

  @Override
  public void on(EventEnvelope envelope) {
    if (journaled(envelope.event())) {
      write(EventJsonLines.line(envelope));
    }
  }

  private static boolean endsWithNewLine(Path file) {
    try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
      if (read.size() == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      read.read(last, read.size() - 1);
      return last.get(0) == '\n';
    } catch (IOException e) {
      throw new JournalException(file, "cannot read the journal: " + describe(e), e);
    }
  }

  private synchronized void write(String line) {
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new JournalException(file, "cannot write the journal: " + describe(e), e);
    }
  }

  private static String headerLine(JournalHeader header) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("format", header.format());
      json.writeStringField("type", "journal-started");
      json.writeStringField("run", header.runId());
      json.writeStringField("time", header.started().toString());
      json.writeStringField("planDigest", header.planDigest());
      json.writeStringField("playbookDigest", header.playbookDigest());
      json.writeStringField("inventoryDigest", header.inventoryDigest());
      json.writeObjectFieldStart("inputs");
      JournalHeader.RunInputs inputs = header.inputs();
      json.writeStringField("playbook", inputs.playbook());
      json.writeStringField("inventory", inputs.inventory());
      json.writeArrayFieldStart("limit");
      for (String name : inputs.limit()) {
        json.writeString(name);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("extraVars");
      for (String value : inputs.extraVars()) {
        json.writeString(value);
      }
      json.writeEndArray();
      json.writeNumberField("skip", inputs.skip());
      json.writeEndObject();
      json.writeStringField("lock", header.lock());
      json.writeStringField("user", header.user());
      json.writeStringField("machine", header.machine());
      json.writeNumberField("pid", header.pid());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new JournalException(file, "cannot close the journal: " + describe(e), e);
    }
  }
}

package dev.rollrun.tests.fuzz;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Files that are not ordinary text files, made once in a directory of their own: a FIFO (reading it
 * blocks until someone writes), a Unix socket, a sparse 5 GiB file, a directory named like a
 * playbook, a symbolic link to itself, one to {@code /dev/zero}, one to nowhere and a file nobody
 * may read. Each is named relative to the working directory, as an operator types it.
 */
public final class SpecialFiles implements AutoCloseable {

  private final List<String> paths = new ArrayList<>();
  private ServerSocketChannel socket;

  public SpecialFiles(Path dir) {
    try {
      Files.createDirectories(dir);
      make(dir.resolve("fifo.yml"), this::fifo);
      make(dir.resolve("socket.yml"), this::socket);
      make(
          dir.resolve("huge.yml"),
          p -> {
            try (RandomAccessFile file = new RandomAccessFile(p.toFile(), "rw")) {
              file.setLength(5L * 1024 * 1024 * 1024);
            }
          });
      make(dir.resolve("directory.yml"), Files::createDirectory);
      make(dir.resolve("self-link.yml"), p -> Files.createSymbolicLink(p, p.getFileName()));
      make(dir.resolve("zero-link.yml"), p -> Files.createSymbolicLink(p, Path.of("/dev/zero")));
      make(dir.resolve("dangling.yml"), p -> Files.createSymbolicLink(p, Path.of("nowhere.yml")));
      make(
          dir.resolve("unreadable.yml"),
          p -> {
            Files.writeString(p, "name: x\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Relative to the working directory, e.g. {@code tests/target/fuzz/special/fifo.yml}. */
  List<String> relative() {
    return List.copyOf(paths);
  }

  /** The same files as absolute paths, for references inside a playbook. */
  List<String> absolute() {
    return paths.stream().map(p -> Path.of(p).toAbsolutePath().toString()).toList();
  }

  private interface Maker {
    void make(Path path) throws IOException;
  }

  private void make(Path path, Maker maker) throws IOException {
    Files.deleteIfExists(path); // left by an earlier run; a link is removed, not its target
    try {
      maker.make(path);
      paths.add(path.toString());
    } catch (IOException | UnsupportedOperationException e) {
      // a file system without FIFOs, sockets or links: the other special files still count
    }
  }

  private void fifo(Path path) throws IOException {
    try {
      Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
      if (mkfifo.waitFor() != 0) {
        throw new IOException("mkfifo failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void socket(Path path) throws IOException {
    socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    socket.bind(UnixDomainSocketAddress.of(path));
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
  }
}

package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loopback range {@code 127.X.Y.0/24} a fleet's hosts live in: host {@code i} is {@code
 * 127.X.Y.i}.
 *
 * <p>A range is claimed with a lock file (under {@code ${java.io.tmpdir}/rollrun-fleets/locks})
 * held for the fleet's lifetime, so fleets in this JVM and in other JVMs on the machine never share
 * one, and it is only taken if no TCP socket is bound in it ({@code /proc/net/tcp}).
 *
 * <p>Where the search starts is configurable with the system property {@value #PROPERTY} or the
 * environment variable {@value #ENV} ({@code 127.X.Y}, {@code 127.X.Y.0} or {@code 127.X.Y.0/24}):
 * the first free range from there on is used. Without it, the search starts at a random {@code
 * 127.1XX.Y}, away from the fixed ranges other test fixtures use.
 */
final class FleetNetwork implements AutoCloseable {

  static final String PROPERTY = "rollrun.test.net";
  static final String ENV = "ROLLRUN_TEST_NET";

  private static final Pattern SPEC =
      Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})(?:\\.0)?(?:/24)?");
  private static final int CANDIDATES = 200;

  private final int x;
  private final int y;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private FleetNetwork(int x, int y, FileChannel lockChannel, FileLock lock) {
    this.x = x;
    this.y = y;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Claims the first free range from {@code base} on ({@code null}: from the configured base, or a
   * random one).
   */
  static FleetNetwork acquire(String base, Path lockDir) {
    String spec = base != null ? base : configuredBase();
    int[] start = spec != null ? parse(spec) : randomBase();
    try {
      Files.createDirectories(lockDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> skipped = new ArrayList<>();
    int index = start[0] * 256 + start[1];
    for (int i = 0; i < CANDIDATES && index < 256 * 256; i++, index++) {
      int x = index / 256;
      int y = index % 256;
      if (x == 0 && y == 0) {
        continue; // 127.0.0.1 is everybody's
      }
      FleetNetwork claimed = tryClaim(x, y, lockDir);
      if (claimed != null) {
        return claimed;
      }
      skipped.add("127." + x + "." + y + ".0/24");
    }
    throw new IllegalStateException(
        "no free loopback range for a test fleet from "
            + "127."
            + start[0]
            + "."
            + start[1]
            + ".0/24 on (busy or locked: "
            + skipped.size()
            + " ranges, e.g. "
            + skipped.subList(0, Math.min(5, skipped.size()))
            + "); set "
            + ENV
            + " to another base");
  }

  private static FleetNetwork tryClaim(int x, int y, Path lockDir) {
    Path lockFile = lockDir.resolve("127." + x + "." + y + ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null && !inUse(x, y)) {
        return new FleetNetwork(x, y, channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      // held by another fleet of this JVM
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
    closeQuietly(channel);
    return null;
  }

  static String configuredBase() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(ENV);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Parses {@code 127.X.Y}, {@code 127.X.Y.0} or {@code 127.X.Y.0/24} into {@code {X, Y}}. */
  static int[] parse(String spec) {
    Matcher m = SPEC.matcher(spec.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "test network '"
              + spec
              + "' must be a loopback /24 such as 127.0.9, 127.0.9.0 or 127.0.9.0/24");
    }
    int x = Integer.parseInt(m.group(1));
    int y = Integer.parseInt(m.group(2));
    if (x > 255 || y > 255) {
      throw new IllegalArgumentException("test network '" + spec + "' is not an IPv4 address");
    }
    return new int[] {x, y};
  }

  private static int[] randomBase() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new int[] {100 + random.nextInt(100), random.nextInt(256)};
  }

  /**
   * Whether any TCP socket (other than one in TIME_WAIT) is bound to an address of {@code
   * 127.x.y.0/24}, according to {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
   */
  static boolean inUse(int x, int y) {
    int prefix = (127 << 16) | (x << 8) | y;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue; // not Linux, or no IPv6: nothing to learn there
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 4 || fields[3].equals("06")) {
          continue;
        }
        Integer address = ipv4(fields[1].substring(0, fields[1].indexOf(':')));
        if (address != null && (address >>> 8) == prefix) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a TCP socket listens on {@code address:port} (IPv4), according to {@code
   * /proc/net/tcp}: the kernel then completes connections to it.
   */
  static boolean listening(String address, int port) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/net/tcp"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/net/tcp (SshdFleet needs Linux)", e);
    }
    String[] octets = address.split("\\.");
    int wanted =
        (Integer.parseInt(octets[0]) << 24)
            | (Integer.parseInt(octets[1]) << 16)
            | (Integer.parseInt(octets[2]) << 8)
            | Integer.parseInt(octets[3]);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 4 || !fields[3].equals("0A")) {
        continue;
      }
      int colon = fields[1].indexOf(':');
      if (word(fields[1].substring(0, colon)) == wanted
          && Integer.parseInt(fields[1].substring(colon + 1), 16) == port) {
        return true;
      }
    }
    return false;
  }

  /** The IPv4 address of a {@code /proc/net/tcp*} address field, or null if it has none. */
  private static Integer ipv4(String hex) {
    if (hex.length() == 8) {
      return word(hex);
    }
    // IPv4-mapped IPv6 (::ffff:a.b.c.d): the kernel prints four 32-bit words in host order
    if (hex.length() == 32
        && hex.startsWith("0000000000000000")
        && word(hex.substring(16, 24)) == 0x0000FFFF) {
      return word(hex.substring(24));
    }
    return null;
  }

  private static int word(String hex) {
    int raw = (int) Long.parseLong(hex, 16);
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(raw) : raw;
  }

  /** {@code 127.X.Y.0/24}. */
  String cidr() {
    return prefix() + ".0/24";
  }

  /** {@code 127.X.Y}. */
  String prefix() {
    return "127." + x + "." + y;
  }

  /** The address of host {@code i} (1 to 254). */
  String address(int host) {
    if (host < 1 || host > 254) {
      throw new IllegalArgumentException("host " + host + " is outside 1..254");
    }
    return prefix() + "." + host;
  }

  /**
   * Distinct TCP ports that are free on {@code address} right now (bound together, then released).
   */
  static int[] freePorts(String address, int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      InetAddress inet = InetAddress.getByName(address);
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(inet, 0));
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + address, e);
    } finally {
      sockets.forEach(FleetNetwork::closeQuietly);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it anyway
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // nothing more to do
    }
  }

  @Override
  public String toString() {
    return cidr();
  }
}

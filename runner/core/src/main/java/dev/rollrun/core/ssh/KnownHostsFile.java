package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One known_hosts file, read as OpenSSH reads it (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): plain,
 * hashed and {@code [host]:port} patterns with {@code *}, {@code ?} and {@code !}, and the markers
 * {@code @revoked} and {@code @cert-authority}. MINA decodes keys and hashed names; which lines are
 * about a server and what they decide follows OpenSSH:
 *
 * <ul>
 *   <li>a key on a {@code @revoked} line for the host is refused, whatever else the file says;
 *   <li>a plain key matches a line without marker that has the same key; a line without marker with
 *       another key means the key CHANGED;
 *   <li>a {@code @cert-authority} line vouches only for host certificates signed by its key: for a
 *       server that presents a plain key it does not count (the key is unknown, however equal the
 *       two keys are), and a certificate no CA vouches for is checked as its plain key.
 * </ul>
 *
 * <p>A line that cannot be read is skipped with a warning naming {@code file:line} (once per line,
 * not per host), and the rest of the file still counts: a malformed line must never make a changed
 * key look unknown. A missing file has no entries. The file is parsed again only when its content
 * changed (accept-new appends to it while a roll connects). Thread-safe.
 */
final class KnownHostsFile {

  enum Kind {
    MATCH,
    UNKNOWN,
    CHANGED,
    REVOKED,
    /** The file exists but cannot be read: whether the key is known cannot be told. */
    UNREADABLE
  }

  /**
   * @param knownKey for {@link Kind#CHANGED}: the key on record
   * @param line the 1-based line of the entry that decided: the matching, changed or revoking one;
   *     for {@link Kind#UNKNOWN} a {@code @cert-authority} line for the host, if any; else 0
   * @param problem for {@link Kind#UNREADABLE}: why the file cannot be read
   */
  record Verdict(Kind kind, PublicKey knownKey, int line, String problem) {}

  /**
   * What became of an accepted new key.
   *
   * @param now the key's verdict after the attempt: {@link Kind#MATCH} when it is on record
   * @param added whether this call wrote it (else another connection had, or the file now refuses
   *     it)
   */
  record Recorded(Verdict now, boolean added) {}

  /**
   * One usable line.
   *
   * @param marker {@code revoked}, {@code cert-authority} or {@code null}
   * @param patterns the comma-separated host patterns, or {@code null} when hashed
   * @param hashed the hashed host name, or {@code null}
   */
  private record Entry(
      int line,
      String marker,
      String patterns,
      KnownHostHashValue hashed,
      String keyType,
      PublicKey key) {}

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final String REVOKED = "revoked";
  private static final String CERT_AUTHORITY = "cert-authority";
  private static final int QUOTED_LINE_MAX = 40;

  /** One writer per file in this JVM: FileLock does not exclude threads of the same process. */
  private static final Map<Path, Object> WRITERS = new ConcurrentHashMap<>();

  private final Path file;
  private final String shown;
  private final SshWarningListener warnings;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private byte[] parsedContent; // guarded by this
  private List<Entry> entries; // guarded by this

  /**
   * @param shown the file as messages name it ({@code ~/.ssh/known_hosts})
   * @param warnings receives one warning per line that is skipped
   */
  KnownHostsFile(Path file, String shown, SshWarningListener warnings) {
    this.file = file;
    this.shown = shown;
    this.warnings = warnings;
  }

  Path path() {
    return file;
  }

  /** The file as messages name it. */
  String shown() {
    return shown;
  }

  /** What this file says about a server that presents {@code key} at {@code hostname:port}. */
  Verdict check(String hostname, int port, PublicKey key) {
    try {
      return verdict(entries(), hostname, port, key);
    } catch (IOException e) {
      return new Verdict(Kind.UNREADABLE, null, 0, reason(e));
    }
  }

  /**
   * Records a key accepted as new at the end of the file (creating it, and its directory with mode
   * 700, if needed), then reads it back to make sure it is there. Writers are serialized, within
   * this JVM and (by a file lock) with other rollrun processes. The file is checked again first: a
   * key another connection recorded meanwhile is not written twice, and one that the file now
   * refuses (changed, revoked) is not written at all.
   *
   * @throws IOException when the key could not be recorded
   */
  Recorded record(String hostname, int port, PublicKey key) throws IOException {
    return record(hostname, port, key, false);
  }

  /**
   * Records a key, the host name written hashed when {@code hashed} (as OpenSSH's {@code
   * HashKnownHosts yes} writes it: {@code |1|salt|HMAC-SHA1 of the name}).
   *
   * @throws IOException when the key could not be recorded
   */
  Recorded record(String hostname, int port, PublicKey key, boolean hashed) throws IOException {
    PublicKey plain = key instanceof OpenSshCertificate cert ? cert.getCertPubKey() : key;
    synchronized (WRITERS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object())) {
      createDirectory();
      try (FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        channel.lock(); // released when the channel closes
        Verdict before = verdict(entries(), hostname, port, plain);
        if (before.kind() != Kind.UNKNOWN) {
          return new Recorded(before, false);
        }
        StringBuilder line = new StringBuilder();
        long size = channel.size();
        if (size > 0) {
          ByteBuffer last = ByteBuffer.allocate(1);
          channel.read(last, size - 1);
          if (last.get(0) != '\n') {
            line.append('\n');
          }
        }
        if (hashed) {
          byte[] salt = new byte[20];
          RANDOM.nextBytes(salt);
          byte[] digest;
          try {
            digest =
                KnownHostHashValue.calculateHashValue(
                    hostname, port, KnownHostHashValue.DEFAULT_DIGEST, salt);
          } catch (Exception e) {
            throw new IOException("cannot hash the host name: " + e.getMessage(), e);
          }
          KnownHostHashValue.append(line, KnownHostHashValue.DEFAULT_DIGEST, salt, digest);
        } else {
          KnownHostHashValue.appendHostPattern(line, hostname, port);
        }
        line.append(' ').append(PublicKeyEntry.toString(plain)).append('\n');
        ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes, size + bytes.position());
        }
        channel.force(true);
        Verdict after = verdict(entries(), hostname, port, plain);
        if (after.kind() != Kind.MATCH) {
          throw new IOException("the line written is not in the file when it is read back");
        }
        return new Recorded(after, true);
      }
    }
  }

  /**
   * The key types this file has plain entries of for a server, to prefer them in the key exchange.
   */
  Set<String> knownKeyTypes(String hostname, int port) {
    Set<String> types = new LinkedHashSet<>();
    try {
      for (Entry e : entries()) {
        if (e.marker() == null && matches(e, hostname, port)) {
          types.add(e.keyType());
        }
      }
    } catch (IOException e) {
      // The check itself reports an unreadable file.
    }
    return types;
  }

  private static Verdict verdict(List<Entry> all, String hostname, int port, PublicKey key) {
    List<Entry> forHost = all.stream().filter(e -> matches(e, hostname, port)).toList();
    OpenSshCertificate cert = key instanceof OpenSshCertificate c ? c : null;
    PublicKey plain = cert != null ? cert.getCertPubKey() : key;
    for (Entry e : forHost) {
      if (REVOKED.equals(e.marker())
          && (same(e.key(), plain) || (cert != null && same(e.key(), cert.getCaPubKey())))) {
        return new Verdict(Kind.REVOKED, e.key(), e.line(), null);
      }
    }
    if (cert != null) {
      for (Entry e : forHost) {
        if (CERT_AUTHORITY.equals(e.marker()) && same(e.key(), cert.getCaPubKey())) {
          return new Verdict(Kind.MATCH, null, e.line(), null);
        }
      }
      // No CA vouches for it: OpenSSH then checks the plain key inside the certificate.
    }
    Entry other = null;
    Entry authority = null;
    for (Entry e : forHost) {
      if (e.marker() == null) {
        if (same(e.key(), plain)) {
          return new Verdict(Kind.MATCH, null, e.line(), null);
        }
        if (other == null) {
          other = e;
        }
      } else if (CERT_AUTHORITY.equals(e.marker()) && authority == null) {
        authority = e;
      }
    }
    if (other != null) {
      return new Verdict(Kind.CHANGED, other.key(), other.line(), null);
    }
    return new Verdict(Kind.UNKNOWN, null, authority == null ? 0 : authority.line(), null);
  }

  /**
   * Whether a line is about a server, as OpenSSH decides it: the name ssh was given ({@code host},
   * or {@code [host]:port} for another port than 22) is matched against each pattern ({@code *},
   * {@code ?}; a matching {@code !pattern} excludes the line), or hashed and compared.
   */
  private static boolean matches(Entry e, String hostname, int port) {
    if (e.hashed() != null) {
      try {
        return e.hashed().isHostMatch(hostname, port);
      } catch (RuntimeException notComparable) {
        return false;
      }
    }
    String name = KnownHostHashValue.createHostPattern(hostname, port).toLowerCase(Locale.ROOT);
    boolean matched = false;
    for (String pattern : e.patterns().split(",")) {
      boolean negated = pattern.startsWith("!");
      String p = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
      if (glob(name, 0, p, 0)) {
        if (negated) {
          return false;
        }
        matched = true;
      }
    }
    return matched;
  }

  /** OpenSSH's {@code match_pattern}: {@code *} any run of characters, {@code ?} one. */
  private static boolean glob(String s, int si, String p, int pi) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (glob(s, k, p, pi + 1)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
        return false;
      }
      si++;
      pi++;
    }
    return si == s.length();
  }

  private static boolean same(PublicKey a, PublicKey b) {
    return KeyUtils.compareKeys(a, b);
  }

  private synchronized List<Entry> entries() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    byte[] content = Files.readAllBytes(file);
    if (entries == null || !Arrays.equals(content, parsedContent)) {
      entries = parse(new String(content, StandardCharsets.UTF_8));
      parsedContent = content;
    }
    return entries;
  }

  /**
   * The lines of the file that can be used: {@code [@marker] patterns keytype base64 [comment]}.
   * Others are skipped with a warning, as OpenSSH skips them.
   */
  private List<Entry> parse(String content) {
    List<Entry> parsed = new ArrayList<>();
    int number = 0;
    for (String raw : content.split("\n", -1)) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+");
      int at = 0;
      String marker = null;
      if (words[0].startsWith("@")) {
        marker = words[0].substring(1);
        at = 1;
        if (!marker.equals(REVOKED) && !marker.equals(CERT_AUTHORITY)) {
          skip(
              number,
              line,
              "skipped a line with the unknown marker @"
                  + marker
                  + " (known: @cert-authority, @revoked)");
          continue;
        }
      }
      if (words.length - at < 3) {
        skip(
            number,
            line,
            "skipped a malformed line "
                + quote(line)
                + ": a line needs host patterns, a key type and a base64 key");
        continue;
      }
      String hosts = words[at];
      String keyType = words[at + 1];
      KnownHostHashValue hashed = null;
      if (hosts.startsWith("|")) {
        try {
          hashed = KnownHostHashValue.parse(hosts);
        } catch (RuntimeException e) {
          hashed = null;
        }
        if (hashed == null || hashed.getDigester() == null) {
          skip(number, line, "skipped a line whose hashed host name cannot be read");
          continue;
        }
      }
      PublicKey key;
      try {
        key =
            PublicKeyEntry.parsePublicKeyEntry(keyType + " " + words[at + 2])
                .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.UNSUPPORTED);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        skip(
            number,
            line,
            "skipped a line whose " + keyType + " key cannot be read: " + e.getMessage());
        continue;
      }
      parsed.add(new Entry(number, marker, hashed == null ? hosts : null, hashed, keyType, key));
    }
    return List.copyOf(parsed);
  }

  private void skip(int number, String line, String why) {
    if (warned.add(number + "\n" + line)) {
      warnings.warning(shown + ":" + number + ": " + why);
    }
  }

  private void createDirectory() throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: nothing to tighten
      }
    }
  }

  private static String quote(String line) {
    String l = line.length() > QUOTED_LINE_MAX ? line.substring(0, QUOTED_LINE_MAX) + "..." : line;
    return "\"" + l + "\"";
  }

  /** An I/O failure in words: {@code Permission denied}, not {@code AccessDeniedException: ...}. */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}

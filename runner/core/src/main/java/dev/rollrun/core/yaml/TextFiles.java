package dev.rollrun.core.yaml;

import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.text.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the text files operators write, refusing what cannot be one. */
public final class TextFiles {

  private TextFiles() {}

  /**
   * The file's text, refusing one that is missing, too large, binary or not UTF-8, and one that is
   * no regular file (a directory, a FIFO, a device such as {@code /dev/zero}) before opening it:
   * such a file may never end, or never answer. At most {@link YamlDocumentReader#MAX_BYTES} are
   * read, whatever size the file claims.
   *
   * @param kind what the file is, for messages: {@code playbook}, {@code inventory}
   */
  public static String read(Path path, String displayName, String kind) {
    byte[] bytes;
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw new InvalidConfigException(
            SourcePosition.wholeFile(displayName),
            "is a directory, not " + withArticle(kind.endsWith("file") ? kind : kind + " file"));
      }
      if (!attributes.isRegularFile()) {
        throw new InvalidConfigException(
            SourcePosition.wholeFile(displayName),
            "is "
                + specialKind(path)
                + ", not a regular file; rollrun reads "
                + withArticle(kind.endsWith("file") ? kind : kind + " file")
                + " only from a regular file");
      }
      if (attributes.size() > YamlDocumentReader.MAX_BYTES) {
        throw tooLarge(displayName, kind, attributes.size());
      }
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes(YamlDocumentReader.MAX_BYTES + 1);
      }
      if (bytes.length > YamlDocumentReader.MAX_BYTES) {
        throw tooLarge(displayName, kind, Math.max(attributes.size(), bytes.length));
      }
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName),
          "no such " + kind + " file" + similarFileName(path));
    } catch (AccessDeniedException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName), "cannot read the " + kind + ": permission denied");
    } catch (FileSystemException e) {
      // Its message repeats the path; the reason alone ("Too many levels of symbolic links") says
      // it.
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName),
          "cannot read the "
              + kind
              + ": "
              + (e.getReason() != null ? e.getReason() : "the file system refused to open it"));
    } catch (IOException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName),
          "cannot read the "
              + kind
              + ": "
              + (e.getMessage() == null ? "an input/output error" : e.getMessage()));
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new InvalidConfigException(
            positionOfByte(displayName, bytes, i),
            "binary data (a NUL byte at offset "
                + i
                + "); "
                + withArticle(kind)
                + " is a text file");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      int offset = firstInvalidUtf8(bytes);
      throw new InvalidConfigException(
          positionOfByte(displayName, bytes, offset),
          "not UTF-8 text (invalid byte at offset " + offset + "); save the " + kind + " as UTF-8");
    }
  }

  private static InvalidConfigException tooLarge(String displayName, String kind, long size) {
    return new InvalidConfigException(
        SourcePosition.startOf(displayName),
        String.format(
            "the %s is %.1f MiB; rollrun reads files of at most %d MiB",
            kind, size / (1024.0 * 1024.0), YamlDocumentReader.MAX_BYTES / (1024 * 1024)));
  }

  /** What a file that is neither a regular file nor a directory is, in words. */
  private static String specialKind(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      return switch (mode & 0170000) {
        case 0010000 -> "a named pipe (FIFO)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }

  /**
   * Why {@code name} cannot name a file on this system, or empty when it can: an empty name, a NUL
   * character or a lone UTF-16 surrogate (no file name holds one), or characters the file system's
   * encoding cannot represent. Check a name from a playbook, an inventory or the command line with
   * this before it becomes a {@link Path}.
   */
  public static Optional<String> unusableFileName(String name) {
    if (name.isEmpty()) {
      return Optional.of("is empty");
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("holds a NUL character, which no file name can");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of(
            String.format(
                "holds a lone UTF-16 surrogate (\\u%04X), which no file name can", (int) c));
      }
    }
    try {
      Path.of(name);
      return Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.of(
          "is not a file name this system can use ("
              + e.getReason()
              + "; with non-ASCII names, run rollrun in a UTF-8 locale such as LANG=C.UTF-8)");
    }
  }

  /** {@code a playbook}, {@code an inventory}: the kind of file with its article, for messages. */
  public static String withArticle(String kind) {
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
  }

  /**
   * {@code (did you mean "x"?)} naming a file beside the missing one whose name is one typo away
   * ({@code playbook.yaml} for {@code playbook.yml}), or an empty string.
   */
  public static String similarFileName(Path missing) {
    Path name = missing.getFileName();
    Path parent = missing.toAbsolutePath().getParent();
    if (name == null || parent == null || !Files.isDirectory(parent)) {
      return "";
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      List<String> names =
          siblings.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
      return Suggestions.closest(name.toString(), names)
          .map(
              found -> {
                Path sibling = missing.resolveSibling(found);
                return " (did you mean \"" + sibling + "\"?)";
              })
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  private static int firstInvalidUtf8(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : 0;
  }

  private static SourcePosition positionOfByte(String file, byte[] bytes, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
      } else if ((bytes[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return new SourcePosition(file, line, column);
  }
}

package dev.rollrun.core.yaml;

import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.text.Suggestions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the text files operators write, refusing what cannot be one. */
public final class TextFiles {

  private TextFiles() {}

  /**
   * The file's text, refusing one that is missing, too large, binary or not UTF-8.
   *
   * @param kind what the file is, for messages: {@code playbook}, {@code inventory}
   */
  public static String read(Path path, String displayName, String kind) {
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > YamlDocumentReader.MAX_BYTES) {
        throw new InvalidConfigException(
            SourcePosition.startOf(displayName),
            String.format(
                "the %s is %.1f MiB; rollrun reads files of at most %d MiB",
                kind, size / (1024.0 * 1024.0), YamlDocumentReader.MAX_BYTES / (1024 * 1024)));
      }
      if (Files.isDirectory(path)) {
        throw new InvalidConfigException(
            SourcePosition.wholeFile(displayName),
            "is a directory, not " + withArticle(kind.endsWith("file") ? kind : kind + " file"));
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName),
          "no such " + kind + " file" + similarFileName(path));
    } catch (AccessDeniedException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName), "cannot read the " + kind + ": permission denied");
    } catch (IOException e) {
      throw new InvalidConfigException(
          SourcePosition.wholeFile(displayName),
          "cannot read the "
              + kind
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
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

package dev.rollrun.tests.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a file as text and as bytes, for what a tree cannot express: lines deleted,
 * duplicated, swapped or indented wrongly, YAML punctuation dropped in, a file cut short, a BOM,
 * CRLF line ends, flipped bytes (invalid UTF-8), and files of random bytes.
 */
final class TextMutator {

  private static final String[] PUNCTUATION = {
    ":",
    ": ",
    "- ",
    "-",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!x ",
    "|",
    "|-",
    ">",
    "'",
    "\"",
    "#",
    "%",
    "@",
    "`",
    "?",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\\",
    "---\n",
    "...\n",
    "<<: ",
    "{{",
    "}}",
    "{%",
    "%}",
    "=",
    "[web]",
    "[web:vars]",
    "[web:children]",
    "\u0000",
    "\uFEFF",
    "\u00A0",
    "\u2028",
    "é",
    "\uD83E\uDDE8"
  };

  private static final String[] TOKENS = {
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "&a ",
    "*a",
    "!!str ",
    "!!map ",
    "!!seq ",
    "|",
    ">",
    "'",
    "\"",
    "#",
    "\n",
    "  ",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "---\n",
    "...\n",
    "? ",
    "!<tag:x>",
    "{{",
    "}}",
    "{%",
    "%}",
    "name",
    "hosts",
    "run",
    "steps",
    "web-1",
    "1",
    "-1",
    "1e308",
    "true",
    "null",
    "~",
    "ansible_host=",
    "[group]",
    "x=y"
  };

  private final Random random;

  TextMutator(Random random) {
    this.random = random;
  }

  /** One mutation of {@code bytes}; {@code what} receives what was done. */
  byte[] mutate(byte[] bytes, List<String> what) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    switch (random.nextInt(12)) {
      case 0 -> {
        int i = random.nextInt(lines.size());
        lines.remove(i);
        what.add("deleted line " + (i + 1));
      }
      case 1 -> {
        int i = random.nextInt(lines.size());
        lines.add(i, lines.get(i));
        what.add("duplicated line " + (i + 1));
      }
      case 2 -> {
        int i = random.nextInt(lines.size());
        int j = random.nextInt(lines.size());
        String a = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, a);
        what.add("swapped lines " + (i + 1) + " and " + (j + 1));
      }
      case 3 -> {
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        String[] indents = {" ", "  ", "   ", "\t", " \t"};
        lines.set(
            i,
            random.nextBoolean() || line.isEmpty() || line.charAt(0) != ' '
                ? indents[random.nextInt(indents.length)] + line
                : line.substring(1));
        what.add("changed the indentation of line " + (i + 1));
      }
      case 4, 5 -> {
        String p = PUNCTUATION[random.nextInt(PUNCTUATION.length)];
        int at = random.nextInt(text.length() + 1);
        what.add("inserted " + TreeMutator.abbreviate(p) + " at " + at);
        return (text.substring(0, at) + p + text.substring(at)).getBytes(StandardCharsets.UTF_8);
      }
      case 6 -> {
        int at = random.nextInt(bytes.length + 1);
        what.add("cut the file at byte " + at);
        return Arrays.copyOf(bytes, at);
      }
      case 7 -> {
        what.add("added a byte order mark");
        return ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
      }
      case 8 -> {
        what.add("CRLF line ends");
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
      }
      case 9 -> {
        byte[] copy = bytes.length == 0 ? new byte[1] : bytes.clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) {
          copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        what.add("flipped " + flips + " bit(s)");
        return copy;
      }
      case 10 -> {
        int at = random.nextInt(lines.size() + 1);
        String nasty = Nasty.string(random);
        lines.add(at, random.nextBoolean() ? nasty : "key: " + nasty);
        what.add("inserted line " + TreeMutator.abbreviate(nasty));
      }
      default -> {
        int at = random.nextInt(text.length() + 1);
        int length = Math.min(text.length() - at, 1 + random.nextInt(20));
        what.add("deleted " + length + " characters at " + at);
        return (text.substring(0, at) + text.substring(at + length))
            .getBytes(StandardCharsets.UTF_8);
      }
    }
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  /** A file of random bytes: any byte, printable text, or a soup of YAML tokens. */
  byte[] randomBytes(List<String> what) {
    int length = random.nextInt(10) == 0 ? random.nextInt(200_000) : random.nextInt(4096);
    switch (random.nextInt(3)) {
      case 0 -> {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        what.add(length + " random bytes");
        return bytes;
      }
      case 1 -> {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
          text.append(random.nextInt(12) == 0 ? '\n' : (char) (0x20 + random.nextInt(0x5f)));
        }
        what.add(length + " random printable characters");
        return text.toString().getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
          text.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        what.add("a soup of " + text.length() + " characters of YAML tokens");
        return text.toString().getBytes(StandardCharsets.UTF_8);
      }
    }
  }
}

package dev.rollrun.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * INI values typed as Ansible types them. Each expectation is what Python 3.11's {@code
 * ast.literal_eval} gave (as JSON), or TEXT where it refused and Ansible keeps the text.
 */
class PythonLiteralTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} => {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "5|5",
        "-5|-5",
        "+5|5",
        "False|false",
        "false|TEXT",
        "None|null",
        "none|TEXT",
        "True|true",
        "yes|TEXT",
        "0755|TEXT",
        "00|0",
        "0o755|493",
        "0x1F|31",
        "0b101|5",
        "1_000|1000",
        "1__0|TEXT",
        "10_|TEXT",
        "1.5|1.5",
        "1.|1.0",
        "`  .5`|0.5",
        ".|TEXT",
        "1e3|1000.0",
        "1E-2|0.01",
        "1.5e+3|1500.0",
        "10.0.0.1|TEXT",
        "`[1, 2]`|`[1, 2]`",
        "`[1, 'a', None]`|`[1, \"a\", null]`",
        "`(1,)`|[1]",
        "(1)|1",
        "()|[]",
        "`1, 2`|`[1, 2]`",
        "`{'a': 1, 'b': [True]}`|`{\"a\": 1, \"b\": [true]}`",
        "`{1: 'x'}`|`{\"1\": \"x\"}`",
        "`{True: 1}`|`{\"true\": 1}`",
        "\"5\"|\"5\"",
        "'a' 'b'|\"ab\"",
        "'a\\nb'|\"a\\nb\"",
        "r'a\\nb'|\"a\\\\nb\"",
        "b'xy'|\"xy\"",
        "u'x'|\"x\"",
        "'\\x41\\u00e9'|\"A\\u00e9\"",
        "'\\q'|\"\\\\q\"",
        "8080 # http|8080",
        "foo # c|TEXT",
        "\"it's\"|\"it's\"",
        "'unclosed|TEXT",
        "`[1, 2`|TEXT",
        "-1.5|-1.5",
        "- 5|-5",
        "--5|TEXT",
        "-True|TEXT",
        "1 2|TEXT",
        "hello world|TEXT",
        "/path/to/key|TEXT",
        "~/.ssh/id|TEXT",
        "a=b|TEXT",
        "123abc|TEXT",
        "3_000_000_000|3000000000",
        "99999999999999999999|99999999999999999999",
        "0.1e1_0|1000000000.0",
        "{}|{}",
        "[]|[]",
        "`[[1,[2]]]`|`[[1, [2]]]`",
        "`{'a': {'b': None}}`|`{\"a\": {\"b\": null}}`",
        "f'x'|TEXT",
        "'''tri'''|\"tri\"",
        "`1,`|[1]",
        "'a' # x|\"a\"",
        "0_0|0",
        "09|TEXT",
        "-J bastion|TEXT",
        "2j bastion|TEXT",
        "-J|TEXT",
      })
  void valueIsWhatPythonsLiteralEvalGives(String text, String expected) throws Exception {
    JsonNode want = expected.equals("TEXT") ? TextNode.valueOf(text) : JSON.readTree(expected);
    assertEquals(want, JSON.valueToTree(PythonLiteral.value(text)));
  }

  @Test
  void complexNumberIsRefusedRatherThanGuessed() {
    assertThrows(PythonLiteral.UnsupportedLiteralException.class, () -> PythonLiteral.value("1j"));
    assertThrows(
        PythonLiteral.UnsupportedLiteralException.class, () -> PythonLiteral.value("-2.5J"));
  }
}

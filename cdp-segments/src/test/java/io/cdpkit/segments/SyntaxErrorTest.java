package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SyntaxErrorTest {

  private static Problem problemOf(String text) {
    SegmentSyntaxException e =
        catchThrowableOfType(SegmentSyntaxException.class, () -> SegmentExpression.parse(text));
    assertThat(e).as("a syntax error for %s", text).isNotNull();
    assertThat(e.source()).isEqualTo(text);
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }

  @Test
  void missingValue_reportsPositionExpectedFoundAndCaret() {
    SegmentSyntaxException e = catchThrowableOfType(SegmentSyntaxException.class,
        () -> SegmentExpression.parse("age < 30 and\n  city = and"));
    Problem problem = e.problems().get(0);
    assertThat(problem.kind()).isEqualTo(Problem.Kind.SYNTAX);
    assertThat(problem.line()).isEqualTo(2);
    assertThat(problem.column()).isEqualTo(10);
    assertThat(problem.expected()).isEqualTo("a value (string, number, true, false, date or date-time)");
    assertThat(problem.found()).isEqualTo("keyword \"and\"");
    assertThat(e.getMessage()).isEqualTo(
        "Syntax error at line 2, column 10: expected a value (string, number, true, false, date or"
            + " date-time), found keyword \"and\"\n"
            + "  city = and\n"
            + "         ^");
  }

  @Test
  void endOfInput_caretAfterTheLastCharacter() {
    SegmentSyntaxException e = catchThrowableOfType(SegmentSyntaxException.class,
        () -> SegmentExpression.parse("age < 30 or"));
    assertThat(e.problems().get(0).column()).isEqualTo(12);
    assertThat(e.problems().get(0).found()).isEqualTo("end of input");
    assertThat(e.getMessage()).endsWith("age < 30 or\n           ^");
  }

  @Test
  void tabsBeforeTheColumn_areKeptSoTheCaretLinesUp() {
    SegmentSyntaxException e = catchThrowableOfType(SegmentSyntaxException.class,
        () -> SegmentExpression.parse("\tage <"));
    assertThat(e.getMessage()).endsWith("\tage <\n\t     ^");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "age < 30 )                      | 1 | 10 | '\"and\", \"or\" or the end of the expression' | '\")\"'",
      "(age < 30                       | 1 | 10 | '\")\"'                                       | end of input",
      "age                             | 1 | 4  | 'a test such as =, !=, <, contains, in, between, is empty or a window' | end of input",
      "age ! 3                         | 1 | 5  | '\"!=\"'                                      | '\"!\"'",
      "reachable = 1                   | 1 | 1  | 'a condition (\"reachable\" begins one; back-quote a path named like it: `reachable`)' | 'keyword \"reachable\"'",
      "everyone > 2                    | 1 | 1  | 'a condition (\"everyone\" begins one; back-quote a path named like it: `everyone`)' | 'keyword \"everyone\"'",
      "any.x = 1                       | 1 | 1  | 'a condition (\"any\" begins one; back-quote a path named like it: `any`)' | 'keyword \"any\"'",
      "event = 1                       | 1 | 1  | 'a condition (\"event\" begins one; back-quote a path named like it: `event`)' | 'keyword \"event\"'",
      "not contains \"x\"              | 1 | 1  | 'a condition (\"not\" begins one; back-quote a path named like it: `not`)' | 'keyword \"not\"'",
      "event purchase                  | 1 | 7  | 'an event type in quotes, or *'              | '\"purchase\"'",
      "event \"p\" at 2                | 1 | 14 | '\"least\" or \"most\"'                       | number 2",
      "event \"p\" at least two        | 1 | 20 | a whole number of events                      | '\"two\"'",
      "event \"p\" at least 1.5        | 1 | 20 | a whole number of events                      | number 1.5",
      "event \"p\" in the last 7 fortnights | 1 | 25 | 'a unit (minutes, hours, days, weeks, months or years)' | '\"fortnights\"'",
      "event \"p\" in segment \"x\"    | 1 | 14 | '\"the\"'                                    | 'keyword \"segment\"'",
      "event \"p\" between 1 and 2     | 1 | 26 | 'a unit (minutes, hours, days, weeks, months or years)' | end of input",
      "event \"p\" where not a = 1     | 1 | 17 | 'a condition'                                 | 'keyword \"not\"'",
      "event \"p\" where event \"q\"   | 1 | 17 | 'a condition on event properties (\"event\" applies to profiles only)' | 'keyword \"event\"'",
      "a = [1, 2]                      | 1 | 5  | 'a single value (lists go with \"in\" and \"not in\")' | '\"[\"'",
      "a in [1 2]                      | 1 | 9  | '\",\" or \"]\"'                              | number 2",
      "a in (1)                        | 1 | 6  | '\"[\" or \"the\"'                            | '\"(\"'",
      "a starts \"x\"                  | 1 | 10 | '\"with\"'                                   | 'string \"x\"'",
      "a matches 3                     | 1 | 11 | a regular expression in quotes                | number 3",
      "a is full                       | 1 | 6  | '\"empty\"'                                  | '\"full\"'",
      "a = \"open                      | 1 | 10 | a closing \"                                 | end of input",
      "a = \"\\x\"                     | 1 | 6  | 'an escape \\\" \\'' \\\\ \\n \\t or \\uXXXX' | '\"\\x\"'",
      "a = \"\\u12\"                   | 1 | 6  | four hex digits after \\u                      | '\"\\u12\"\"'",
      "a = 2024-13-01                  | 1 | 5  | 'a valid date, such as 2024-05-01'            | '\"2024-13-01\"'",
      "a = 2024-05-01T10:00            | 1 | 5  | 'an ISO-8601 date-time with an offset, such as 2024-05-01T10:00:00Z' | '\"2024-05-01T10:00\"'",
      "$nope = 1                       | 1 | 1  | 'a profile system field ($id, $created_at, $updated_at, $identifier.TYPE, $computed.NAME)' | '\"$nope\"'",
      "$identifier = 1                 | 1 | 1  | '$identifier followed by exactly one part, as in $identifier.email' | '\"$identifier\"'",
      "$type = 1                       | 1 | 1  | 'a profile system field ($id, $created_at, $updated_at, $identifier.TYPE, $computed.NAME)' | '\"$type\"'",
      "any i where $id = 1             | 1 | 13 | 'a field of the list element (system fields do not apply here)' | '\"$id\"'",
      "consent email maybe             | 1 | 15 | '\"granted\", \"denied\" or \"unknown\"'    | '\"maybe\"'",
      "consent \"email\" granted       | 1 | 9  | 'a channel name, such as email, sms, whatsapp or push' | 'string \"email\"'",
      "reachable email                 | 1 | 11 | '\"via\"'                                    | '\"email\"'",
      "in segment vip                  | 1 | 12 | a segment name in quotes                      | '\"vip\"'",
      "in crowd \"x\"                  | 1 | 4  | '\"segment\" or \"group\"'                   | '\"crowd\"'",
      "a = 1 ; b = 2                   | 1 | 7  | 'a path, value, operator or keyword'          | '\";\"'",
      "``= 1                           | 1 | 1  | a non-empty back-quoted path part             | ``",
      "a exactly 2 times               | 1 | 13 | 'a unit (minutes, hours, days, weeks, months or years)' | 'keyword \"times\"'",
      "a = 99999999999 and event \"x\" at least 99999999999 | 1 | 40 | 'a whole number of events (an integer up to 2147483647)' | number 99999999999",
  })
  void syntaxErrors_reportLineColumnExpectedFound(String text, int line, int column,
      String expected, String found) {
    Problem problem = problemOf(text.strip());
    assertThat(problem.line()).as("line").isEqualTo(line);
    assertThat(problem.column()).as("column").isEqualTo(column);
    assertThat(problem.expected()).as("expected").isEqualTo(expected);
    assertThat(problem.found()).as("found").isEqualTo(found);
  }

  @Test
  void unterminatedString_reportsTheEnd() {
    Problem problem = problemOf("a = \"open");
    assertThat(problem.column()).isEqualTo(10);
    assertThat(problem.expected()).isEqualTo("a closing \"");
  }

  @Test
  void multiLineString_tracksLines() {
    Problem problem = problemOf("a = \"x\ny\" and\n b =");
    assertThat(problem.line()).isEqualTo(3);
    assertThat(problem.column()).isEqualTo(5);
  }

  @Test
  void deepNesting_isASyntaxErrorNotAStackOverflow() {
    Problem parens = problemOf("(".repeat(500) + "a = 1" + ")".repeat(500));
    assertThat(parens.expected()).isEqualTo("an expression nested at most 200 levels deep");
    Problem nots = problemOf("not ".repeat(500) + "a = 1");
    assertThat(nots.expected()).isEqualTo("an expression nested at most 200 levels deep");
    assertThat(SegmentExpression.parse("(".repeat(150) + "a = 1" + ")".repeat(150)).print())
        .isEqualTo("a = 1");
  }
}

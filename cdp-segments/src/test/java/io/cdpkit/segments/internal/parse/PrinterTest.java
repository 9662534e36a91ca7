package io.cdpkit.segments.internal.parse;

import static io.cdpkit.segments.ast.Dsl.and;
import static io.cdpkit.segments.ast.Dsl.attr;
import static io.cdpkit.segments.ast.Dsl.event;
import static io.cdpkit.segments.ast.Dsl.not;
import static io.cdpkit.segments.ast.Dsl.or;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.ast.Expr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PrinterTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "AGE < 30 AND Tags CONTAINS 'VIP'                   | AGE < 30 and Tags contains \"VIP\"",
      "(a = 1 or b = 1) and c = 1                         | (a = 1 or b = 1) and c = 1",
      "a = 1 or (b = 1 and c = 1)                         | a = 1 or b = 1 and c = 1",
      "not (age > 20) or event * on 2026-06-14            | not age > 20 or event * on 2026-06-14",
      "not (a = 1 and b = 1)                              | not (a = 1 and b = 1)",
      "not not a = 1                                      | not not a = 1",
      "event \"p\" at least 1 anytime                     | event \"p\"",
      "event \"p\" at least 2 times in the past 7 days    | event \"p\" at least 2 in the last 7 days",
      "event \"p\" exactly 1 time exactly 1 day ago       | event \"p\" exactly 1 exactly 1 day ago",
      "event 'p' at most 0 where (a = 1)                  | event \"p\" at most 0 where a = 1",
      "event 'p' where (a = 1 or b = 2) and c = 3         | event \"p\" where (a = 1 or b = 2) and c = 3",
      "event 'p' where (not a = 1)                        | event \"p\" where (not a = 1)",
      "event 'p' SUM OF amount >= 50.50                   | event \"p\" sum of amount >= 50.5",
      "event * between 1 and 1 year ago                   | event * between 1 and 1 year ago",
      "x between 1 and 2 DAYS ago                         | x between 1 and 2 days ago",
      "x in the last 1 days                               | x in the last 1 day",
      "`first name` = 'it\\'s'                             | `first name` = \"it's\"",
      "`event`.city = 1                                   | `event`.city = 1",
      "a.`in`.b = 1                                       | a.in.b = 1",
      "a.in.b = 1                                         | a.in.b = 1",
      "`in`.b = 1                                         | `in`.b = 1",
      "`Event` = 1                                        | `Event` = 1",
      "`group` = \"a\" and time > 3                         | group = \"a\" and time > 3",
      "`a b`.`c\\`d` = 1                                  | `a b`.`c\\`d` = 1",
      "`$id` = 1                                          | `$id` = 1",
      "`9lives` = 1                                       | `9lives` = 1",
      "$computed.`last` = 1                               | $computed.last = 1",
      "a = \"tab\\there\\nnew \\\"q\\\" \\\\ \\u0001\"    | a = \"tab\\there\\nnew \\\"q\\\" \\\\ \\u0001\"",
      "a = 2024-05-01T10:00Z                              | a = 2024-05-01T10:00:00Z",
      "a = 2024-05-01T10:00:00.120+02:00                  | a = 2024-05-01T10:00:00.12+02:00",
      "a = -0.0                                           | a = 0",
      "a = 1000                                           | a = 1000",
      "a in ['x',1,TRUE,2024-01-01]                       | a in [\"x\", 1, true, 2024-01-01]",
      "a not in []                                        | a not in []",
      "consent EMAIL Granted                              | consent EMAIL granted",
      "reachable via `e-mail`                             | reachable via `e-mail`",
      "in segment 'vip'                                   | in segment \"vip\"",
      "any i where (k = 1)                                | any i where k = 1",
      "any i where any j where k = 1 and l = 2            | any i where any j where k = 1 and l = 2",
  })
  void print_parsedText_givesCanonicalForm(String text, String canonical) {
    Expr parsed = Parser.parse(text).expr();
    assertThat(Printer.print(parsed)).isEqualTo(canonical);
    assertThat(Parser.parse(canonical).expr()).isEqualTo(parsed);
  }

  @Test
  void print_builtTrees_addsParenthesesOnlyWherePrecedenceNeedsThem() {
    Expr a = attr("a").eq(1);
    Expr b = attr("b").eq(1);
    Expr c = attr("c").eq(1);
    assertThat(Printer.print(and(or(a, b), c))).isEqualTo("(a = 1 or b = 1) and c = 1");
    assertThat(Printer.print(or(and(a, b), c))).isEqualTo("a = 1 and b = 1 or c = 1");
    assertThat(Printer.print(not(or(a, b)))).isEqualTo("not (a = 1 or b = 1)");
    assertThat(Printer.print(and(not(a), b))).isEqualTo("not a = 1 and b = 1");
    assertThat(Printer.print(event("p").where(and(a, b)))).isEqualTo("event \"p\" where (a = 1 and b = 1)");
    assertThat(Printer.print(and(event("p").where(a), b))).isEqualTo("event \"p\" where a = 1 and b = 1");
  }
}

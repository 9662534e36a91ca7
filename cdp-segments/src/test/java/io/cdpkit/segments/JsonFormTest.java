package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdpkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class JsonFormTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "age < 30 | {\"op\":\"<\",\"path\":[\"age\"],\"value\":30}",
      "a.b = 19.95 | {\"op\":\"=\",\"path\":[\"a\",\"b\"],\"value\":19.95}",
      "a = 1000.00 | {\"op\":\"=\",\"path\":[\"a\"],\"value\":1000}",
      "$identifier.email is not empty | {\"op\":\"is_not_empty\",\"system\":[\"identifier\",\"email\"]}",
      "a != true | {\"op\":\"!=\",\"path\":[\"a\"],\"value\":true}",
      "a = 2024-05-01 | {\"op\":\"=\",\"path\":[\"a\"],\"value\":{\"date\":\"2024-05-01\"}}",
      "a >= 2024-05-01T10:00:00+02:00 | {\"op\":\">=\",\"path\":[\"a\"],\"value\":{\"datetime\":\"2024-05-01T10:00:00+02:00\"}}",
      "a not in [\"x\", 2] | {\"op\":\"not_in\",\"path\":[\"a\"],\"value\":[\"x\",2]}",
      "a between 1 and 2 | {\"op\":\"between\",\"path\":[\"a\"],\"low\":1,\"high\":2}",
      "a not contains \"x\" | {\"op\":\"not_contains\",\"path\":[\"a\"],\"value\":\"x\"}",
      "a starts with \"x\" | {\"op\":\"starts_with\",\"path\":[\"a\"],\"value\":\"x\"}",
      "a matches \"^x\" | {\"op\":\"matches\",\"path\":[\"a\"],\"value\":\"^x\"}",
      "a in the last 7 days | {\"op\":\"window\",\"path\":[\"a\"],\"window\":{\"kind\":\"last\",\"amount\":7,\"unit\":\"day\"}}",
      "a between 1 and 2 years ago | {\"op\":\"window\",\"path\":[\"a\"],\"window\":{\"kind\":\"between_ago\",\"from\":1,\"to\":2,\"unit\":\"year\"}}",
      "a = 1 and not b = 2 | {\"op\":\"and\",\"args\":[{\"op\":\"=\",\"path\":[\"a\"],\"value\":1},{\"op\":\"not\",\"arg\":{\"op\":\"=\",\"path\":[\"b\"],\"value\":2}}]}",
      "event \"p\" | {\"op\":\"event\",\"type\":\"p\",\"aggregate\":{\"kind\":\"at_least\",\"count\":1},\"window\":{\"kind\":\"anytime\"}}",
      "event * at most 0 on 2024-01-01 where $source = \"web\" | {\"op\":\"event\",\"type\":null,\"aggregate\":{\"kind\":\"at_most\",\"count\":0},\"window\":{\"kind\":\"on\",\"date\":\"2024-01-01\"},\"filter\":{\"op\":\"=\",\"system\":[\"source\"],\"value\":\"web\"}}",
      "event \"p\" sum of amount >= 50 | {\"op\":\"event\",\"type\":\"p\",\"aggregate\":{\"kind\":\"sum\",\"path\":[\"amount\"],\"cmp\":\">=\",\"value\":50},\"window\":{\"kind\":\"anytime\"}}",
      "any i where k = 1 | {\"op\":\"any\",\"path\":[\"i\"],\"filter\":{\"op\":\"=\",\"path\":[\"k\"],\"value\":1}}",
      "in segment \"vip\" or in group \"staff\" | {\"op\":\"or\",\"args\":[{\"op\":\"in_segment\",\"name\":\"vip\"},{\"op\":\"in_group\",\"name\":\"staff\"}]}",
      "consent email granted | {\"op\":\"consent\",\"channel\":\"email\",\"status\":\"granted\"}",
      "reachable via sms | {\"op\":\"reachable\",\"channel\":\"sms\"}",
      "everyone | {\"op\":\"everyone\"}",
  })
  void toJson_hasTheDocumentedShape_andReadsBack(String text, String json) {
    SegmentExpression expression = SegmentExpression.parse(text);
    assertThat(expression.toJson()).isEqualTo(json);
    assertThat(SegmentExpression.fromJson(json)).isEqualTo(expression);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "[1] | $ | must be an expression object",
      "{\"op\":\"and\",\"args\":[{\"op\":\"everyone\"}]} | $ | and needs at least two arguments, had 1",
      "{\"op\":\"~\",\"path\":[\"a\"]} | $.op | must be a known operator",
      "{\"op\":\"=\",\"path\":[\"a\"]} | $.value | is required",
      "{\"op\":\"=\",\"path\":[\"a\"],\"system\":[\"id\"],\"value\":1} | $ | must have exactly one of \"path\" and \"system\"",
      "{\"op\":\"=\",\"system\":[\"nope\"],\"value\":1} | $.system | unknown system field $nope",
      "{\"op\":\"=\",\"path\":[\"a\"],\"value\":[1]} | $ | a list literal only goes with in / not in: ListOf[items=[Num[value=1]]]",
      "{\"op\":\"in\",\"path\":[\"a\"],\"value\":[[1]]} | $.value[0] | lists do not nest",
      "{\"op\":\"=\",\"path\":[\"a\"],\"value\":{\"date\":\"2024-13-01\"}} | $.value.date | must be an ISO-8601 date",
      "{\"op\":\"not\",\"arg\":{\"op\":\"window\",\"path\":[\"a\"],\"window\":{\"kind\":\"last\",\"amount\":1.5,\"unit\":\"day\"}}} | $.arg.window.amount | must be a whole number",
      "{\"op\":\"consent\",\"channel\":\"email\",\"status\":\"yes\"} | $.status | must be one of [granted, denied, unknown]",
      "not json | json | must be valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
  })
  void fromJson_badInput_namesTheLocationAndRule(String json, String field, String rule) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> SegmentExpression.fromJson(json));
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.rule()).isEqualTo(rule);
  }

  @Test
  void fromJson_toleratesAbsentFilterAndFieldOrder() {
    String json = "{\"window\":{\"kind\":\"anytime\"},\"aggregate\":{\"count\":2,\"kind\":\"exactly\"},"
        + "\"type\":\"p\",\"op\":\"event\",\"filter\":null}";
    assertThat(SegmentExpression.fromJson(json).print()).isEqualTo("event \"p\" exactly 2");
  }

  /** An expression nested {@code levels} deep through parentheses, alternating or and and. */
  private static String nested(int levels) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      text.append("a = ").append(i).append(i % 2 == 0 ? " or (" : " and (");
    }
    text.append("b = 1").append(")".repeat(levels));
    return text.toString();
  }

  @Test
  void jsonForm_roundTripsAsDeepAsTheTextForm() {
    SegmentExpression deep = SegmentExpression.parse(nested(190));
    SegmentExpression back = SegmentExpression.fromJson(deep.toJson());
    assertThat(back.print()).isEqualTo(deep.print());
    assertThat(back.toJson()).isEqualTo(deep.toJson());
  }

  @Test
  void jsonForm_deeperThanTheTextForm_isRefusedWithTheRule() {
    String json = "{\"op\":\"not\",\"arg\":".repeat(205) + "{\"op\":\"everyone\"}" + "}".repeat(205);
    InvalidInputException error = catchThrowableOfType(InvalidInputException.class, () -> SegmentExpression.fromJson(json));
    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("at most 200 levels");
  }
}

package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.segments.SegmentExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The segment builder's blocks to the segment language and back. */
final class SegmentBlocksTest {
  private static JsonNode json(String text) throws Exception {
    return ChartJson.MAPPER.readTree(text);
  }

  @Test
  void anAttributeBlockOrAnEventBlockWithWindowAndFilter_writesTheExpression() throws Exception {
    JsonNode blocks = json("{\"groups\":[{\"blocks\":[{\"type\":\"attribute\",\"path\":\"city\",\"operator\":\"=\",\"value\":\"Leiden\"},"
        + "{\"type\":\"attribute\",\"path\":\"age\",\"operator\":\">=\",\"value\":\"18\"}]},"
        + "{\"blocks\":[{\"type\":\"event\",\"eventType\":\"ticket_bought\",\"count\":\"at most\",\"times\":2,"
        + "\"window\":{\"kind\":\"last\",\"amount\":3,\"unit\":\"months\"},"
        + "\"where\":{\"path\":\"festival\",\"operator\":\"starts with\",\"value\":\"The \\\"Festival\\\"\"}}]}]}");
    assertThat(SegmentBlocks.toExpression(blocks).print()).isEqualTo("city = \"Leiden\" and age >= 18"
        + " or event \"ticket_bought\" at most 2 in the last 3 months where festival starts with \"The \\\"Festival\\\"\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "city = \"Leiden\"",
      "age < 30 and $identifier.email is not empty or event \"bar_purchase\" at least 2",
      "event * exactly 0 between 1 and 10 years ago where $source = \"bar\"",
      "event \"x\" between 2018-01-01 and 2018-12-31 or event \"y\" on 2018-07-13 or event \"z\" after 2018-07-13",
      "event \"x\" before 2018-07-13 and event \"x\" more than 2 days ago and event \"x\" exactly 1 year ago",
      "event \"x\" in the next 5 hours",
      "name contains \"an\" and name not contains \"x\" and name ends with \"a\" and tags is empty",
      "signup >= 2024-05-01 and vip = true and score != 2.5",
  })
  void aTypedExpressionInBlockShape_opensAsBlocksThatWriteItAgain(String text) {
    String canonical = SegmentExpression.parse(text).print();
    JsonNode blocks = SegmentBlocks.fromExpression(SegmentExpression.parse(text).expr());
    assertThat(blocks).as(text).isNotNull();
    assertThat(SegmentBlocks.toExpression(blocks).print()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not age < 30",
      "(age < 30 or age > 60) and city = \"Leiden\"",
      "tier in [\"gold\", \"silver\"]",
      "event \"purchase\" sum of amount >= 50",
      "event \"purchase\" where (amount > 5 and amount < 10)",
      "zip = \"1234\"",
      "in segment \"vip\"",
      "reachable via email",
  })
  void anExpressionWithoutBlockShape_hasNoBlocks(String text) {
    assertThat(SegmentBlocks.fromExpression(SegmentExpression.parse(text).expr())).as(text).isNull();
  }

  @Test
  void aBadBlock_isRefusedNamingItsPlace() throws Exception {
    assertThatThrownBy(() -> SegmentBlocks.toExpression(json("{\"groups\":[{\"blocks\":[]},{\"blocks\":["
        + "{\"type\":\"attribute\",\"path\":\"age\",\"operator\":\"=\",\"value\":\"1\"},"
        + "{\"type\":\"event\",\"eventType\":\"x\",\"window\":{\"kind\":\"last\",\"amount\":\"many\"}}]}]}")))
        .isInstanceOfSatisfying(BadParameterException.class,
            e -> assertThat(e.parameter()).isEqualTo("groups[1].blocks[1].window.amount"));
    assertThatThrownBy(() -> SegmentBlocks.toExpression(json("{\"groups\":[{\"blocks\":["
        + "{\"type\":\"attribute\",\"path\":\"age\",\"operator\":\"like\",\"value\":\"1\"}]}]}")))
        .isInstanceOfSatisfying(BadParameterException.class,
            e -> assertThat(e.parameter()).isEqualTo("groups[0].blocks[0].operator"));
    assertThatThrownBy(() -> SegmentBlocks.toExpression(json("{\"groups\":[]}")))
        .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("groups"));
  }
}

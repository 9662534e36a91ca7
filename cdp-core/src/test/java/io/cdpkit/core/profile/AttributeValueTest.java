package io.cdpkit.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class AttributeValueTest {

  @Test
  void numbers_compareByValue() {
    assertThat(NumberValue.of(30)).isEqualTo(new NumberValue(new BigDecimal("30.0")));
    assertThat(NumberValue.of(19.95).value()).isEqualByComparingTo("19.95");
    assertThat(AttributeValue.of(0.0)).isEqualTo(NumberValue.of(0));
  }

  @Test
  void nonFiniteNumbers_areRefused() {
    assertThatThrownBy(() -> NumberValue.of(Double.NaN))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("must be finite"));
    assertThatThrownBy(() -> AttributeValue.of(Double.POSITIVE_INFINITY)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void json_roundTripsEveryKind() {
    String json =
        "{\"name\":\"Ann\",\"age\":25,\"score\":19.95,\"vip\":true,\"tags\":[\"a\",null,2],"
            + "\"address\":{\"city\":\"Utrecht\"},\"big\":12345678901234567890}";
    AttributeValue value = AttributeValue.parseJson(json);
    assertThat(value.toJson()).isEqualTo(json);
    assertThat(AttributeValue.parseJson(value.toJson())).isEqualTo(value);
  }

  @Test
  void javaValues_convert() {
    ObjectValue object =
        ObjectValue.of(Map.of("list", List.of(1, "two", false), "nested", Map.of("k", 1.5)));
    assertThat(object.get("list")).contains(new ListValue(List.of(NumberValue.of(1), new TextValue("two"), BooleanValue.FALSE)));
    assertThat(object.toJson()).contains("\"nested\":{\"k\":1.5}");
  }

  @Test
  void attributeNames_mustBeNonEmptyWithoutControlCharacters() {
    assertThatThrownBy(() -> ObjectValue.of(Map.of("", 1)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("attribute name");
          assertThat(e.rule()).isEqualTo("must not be empty");
        });
    assertThatThrownBy(() -> ObjectValue.of(Map.of("bad\u0007name", 1)))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> ObjectValue.of(Map.of("x".repeat(257), 1)))
        .hasMessageContaining("at most 256");
  }

  @Test
  void invalidJson_andTooDeepJson_areRefused() {
    assertThatThrownBy(() -> AttributeValue.parseJson("{\"a\":"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("json"));
    String deep = "[".repeat(40) + "]".repeat(40);
    assertThatThrownBy(() -> AttributeValue.parseJson(deep)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void unsupportedJavaTypes_areRefusedNamingTheType() {
    assertThatThrownBy(() -> AttributeValue.of(new Object()))
        .hasMessageContaining("java.lang.Object");
  }
}

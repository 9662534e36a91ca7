package io.cdpkit.workflows.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class MergeTagsTest {
  private static final RenderContext ANN =
      RenderContext.of(
          Fixtures.profile(
              Map.of(
                  "first_name", "Ann",
                  "address", Map.of("city", "Köln"),
                  "address.zip", "50667",
                  "age", 30.50,
                  "vip", true,
                  "nickname", "",
                  "tags", List.of("a", "b"))),
          Fixtures.event(Map.of("festival", "Summer Beats", "venue", Map.of("hall", "B"))));

  private static String value(String source, String defaultValue) {
    return new CompiledTag("t", TagSource.parse(source), defaultValue).valueFor(ANN);
  }

  @Test
  void sources_readProfileIdentifierAndEventFields() {
    assertThat(value("first_name", "there")).isEqualTo("Ann");
    assertThat(value("address.city", "")).isEqualTo("Köln");
    assertThat(value("address.zip", "")).isEqualTo("50667");
    assertThat(value("profile.first_name", "")).isEqualTo("Ann");
    assertThat(value("$identifier.email", "")).isEqualTo("ann@example.com");
    assertThat(value("$identifier.phone", "")).isEqualTo("+4915112345678");
    assertThat(value("event.festival", "")).isEqualTo("Summer Beats");
    assertThat(value("event.venue.hall", "")).isEqualTo("B");
  }

  @Test
  void values_printNumbersPlainlyAndStructuresAsJson() {
    assertThat(value("age", "")).isEqualTo("30.5");
    assertThat(value("vip", "")).isEqualTo("true");
    assertThat(value("tags", "")).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void missingValues_useTheDefault() {
    assertThat(value("last_name", "friend")).isEqualTo("friend");
    assertThat(value("nickname", "friend")).isEqualTo("friend");
    assertThat(value("address.street", "somewhere")).isEqualTo("somewhere");
    assertThat(value("first_name.x", "n/a")).isEqualTo("n/a");
    assertThat(value("$identifier.whatsapp", "no phone")).isEqualTo("no phone");
    RenderContext noEvent = RenderContext.of(Fixtures.profile(Map.of()));
    assertThat(new CompiledTag("f", TagSource.parse("event.festival"), "the festival").valueFor(noEvent))
        .isEqualTo("the festival");
  }

  @Test
  void blankDefault_rendersAsASingleSpace() {
    assertThat(value("last_name", "")).isEqualTo(" ");
    assertThat(value("last_name", "   ")).isEqualTo(" ");
    assertThat(new CompiledTag("t", TagSource.parse("x"), null).defaultValue()).isEqualTo(" ");
  }

  @Test
  void parse_badSources_areRejected() {
    assertThatThrownBy(() -> TagSource.parse(" ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TagSource.parse("$profile.id"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).contains("$identifier"));
    assertThatThrownBy(() -> TagSource.parse("$identifier.E-Mail")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TagSource.parse("address..city")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> TagSource.parse("event.")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void text_roundTripsThroughParse() {
    for (String text : List.of("first_name", "address.city", "$identifier.email", "event.festival", "profile.event.x")) {
      assertThat(TagSource.parse(TagSource.parse(text).text())).isEqualTo(TagSource.parse(text));
    }
  }

  @Test
  void builder_duplicateTag_namesThePreviousSource() {
    MergeTags.Builder builder = MergeTags.builder().tag("name", "first_name", "");
    assertThatThrownBy(() -> builder.tag("name", "last_name", ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("merge tag name was already defined as first_name");
  }

  @Test
  void values_listEveryTagInOrder() {
    MergeTags tags =
        MergeTags.builder().tag("first_name", "first_name", "there").tag("city", "address.street", "").build();
    assertThat(tags.values(ANN)).containsExactly(Map.entry("first_name", "Ann"), Map.entry("city", " "));
    assertThatThrownBy(() -> new CompiledTag("1st", TagSource.parse("x"), "")).isInstanceOf(InvalidInputException.class);
  }
}

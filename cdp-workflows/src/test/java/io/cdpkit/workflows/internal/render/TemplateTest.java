package io.cdpkit.workflows.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TemplateTest {
  private static final MergeTags TAGS =
      MergeTags.builder()
          .tag("first_name", "first_name", "there")
          .tag("last_name", "last_name", "")
          .tag("bio", "bio", "")
          .build();
  private static final RenderContext CONTEXT =
      RenderContext.of(Fixtures.profile(Map.of("first_name", "Ann", "bio", "<b>Tom & \"Jerry\"</b> 'n' me")));

  @Test
  void render_text_keepsValuesAsIs() {
    assertThat(Template.parse("t", "Hi {{first_name}}, {{ bio }}").render(TAGS, CONTEXT, Escaping.TEXT))
        .isEqualTo("Hi Ann, <b>Tom & \"Jerry\"</b> 'n' me");
  }

  @Test
  void render_html_escapesValuesButNotTheTemplate() {
    assertThat(Template.parse("t", "<p>{{bio}}</p>").render(TAGS, CONTEXT, Escaping.HTML))
        .isEqualTo("<p>&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt; &#39;n&#39; me</p>");
  }

  @Test
  void render_blankDefault_isASingleSpace() {
    assertThat(Template.parse("t", "Dear {{first_name}}{{last_name}}!").render(TAGS, CONTEXT, Escaping.TEXT))
        .isEqualTo("Dear Ann !");
  }

  @Test
  void render_jsonString_escapesQuotesBackslashesAndControls() {
    MergeTags tags = MergeTags.builder().tag("v", "v", "").build();
    RenderContext context = RenderContext.of(Fixtures.profile(Map.of("v", "a\"b\\c\nd\u0001")));
    assertThat(Template.parse("body", "{\"v\":\"{{v}}\"}").render(tags, context, Escaping.JSON_STRING))
        .isEqualTo("{\"v\":\"a\\\"b\\\\c\\nd\\u0001\"}");
  }

  @Test
  void render_header_keepsTheValueOnOneLine() {
    assertThat(Escaping.HEADER.apply("a\r\nBcc: x@example.com")).isEqualTo("a  Bcc: x@example.com");
  }

  @Test
  void render_unknownTag_isAnErrorNamingTheTag() {
    assertThatThrownBy(() -> Template.parse("t", "Hi {{nickname}}").render(TAGS, CONTEXT, Escaping.TEXT))
        .isInstanceOfSatisfying(
            RenderException.class,
            e -> assertThat(e.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("unknown merge tag 'nickname'")
                    .contains("first_name, last_name, bio")));
  }

  @Test
  void parse_syntaxErrors_areAllReported() {
    List<TemplateProblem> problems = new ArrayList<>();
    assertThat(Template.tryParse("subject", "{{1x}} and {{ ok }} and {{never", problems)).isNull();
    assertThat(problems)
        .extracting(TemplateProblem::toString)
        .containsExactly(
            "subject: '{{1x}}' at index 0 is not a merge tag name (a letter or _ then letters, digits, _ . -)",
            "subject: '{{' at index 24 is never closed with '}}'");
  }

  @Test
  void tagNames_inOrderOfFirstUse() {
    assertThat(Template.parse("t", "{{b}} {{a}} {{b}} }} {").tagNames()).containsExactly("b", "a");
  }
}

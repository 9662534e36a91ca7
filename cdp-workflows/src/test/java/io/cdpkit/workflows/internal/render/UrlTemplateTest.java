package io.cdpkit.workflows.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;

final class UrlTemplateTest {
  private static final MergeTags TAGS =
      MergeTags.builder().tag("id", "user_id", "").tag("city", "city", "").build();

  private static URI render(String template, Map<String, ?> attributes) {
    return UrlTemplate.parse("url", template).render(TAGS, RenderContext.of(Fixtures.profile(attributes)));
  }

  @Test
  void render_encodesPathSegmentsAndQueryValuesDifferently() {
    URI uri =
        render(
            "https://api.example.com/users/{{id}}/notify?city={{city}}&x=1#{{city}}",
            Map.of("user_id", "a/b c+d", "city", "São Paulo & more=yes"));
    assertThat(uri.toString())
        .isEqualTo(
            "https://api.example.com/users/a%2Fb%20c+d/notify?city=S%C3%A3o%20Paulo%20%26%20more%3Dyes&x=1"
                + "#S%C3%A3o%20Paulo%20%26%20more%3Dyes");
    assertThat(uri.getPath()).isEqualTo("/users/a/b c+d/notify");
    assertThat(uri.getRawQuery()).endsWith("&x=1");
  }

  @Test
  void render_blankDefault_isAnEncodedSpace() {
    assertThat(render("https://api.example.com/u/{{id}}", Map.of()).toString())
        .isEqualTo("https://api.example.com/u/%20");
  }

  @Test
  void parse_tagInHost_isAProblem() {
    List<TemplateProblem> problems = new ArrayList<>();
    assertThat(UrlTemplate.tryParse("url", "https://{{city}}.example.com/x", problems)).isNull();
    assertThat(problems)
        .extracting(TemplateProblem::message)
        .containsExactly("merge tag 'city' may not appear in the scheme or host of a URL");
  }

  @Test
  void parse_malformedOrNonHttp_isAProblem() {
    assertThatThrownBy(() -> UrlTemplate.parse("url", "https://exa mple.com/{{id}}"))
        .isInstanceOfSatisfying(
            RenderException.class,
            e -> assertThat(e.problems().get(0).message()).startsWith("malformed URL template"));
    assertThatThrownBy(() -> UrlTemplate.parse("url", "ftp://example.com/{{id}}"))
        .isInstanceOf(RenderException.class);
    assertThatThrownBy(() -> UrlTemplate.parse("url", "/relative/{{id}}"))
        .isInstanceOf(RenderException.class);
  }

  @Test
  void parse_tagRightAfterHost_isInThePath() {
    assertThat(render("https://api.example.com/{{id}}", Map.of("user_id", "x/y")).getRawPath())
        .isEqualTo("/x%2Fy");
    assertThat(render("https://api.example.com?q={{id}}", Map.of("user_id", "x&y")).getRawQuery())
        .isEqualTo("q=x%26y");
  }

  @Property
  void encodedValues_roundTripThroughUriDecoding(
      @ForAll @CharRange(from = ' ', to = '\uD7FF') String value) {
    String path = Escaping.PATH_SEGMENT.apply(value);
    String query = Escaping.QUERY_VALUE.apply(value);
    URI uri = URI.create("https://api.example.com/p/" + path + "/end?q=" + query + "&z=1");
    assertThat(uri.getPath()).isEqualTo("/p/" + value + "/end");
    assertThat(uri.getRawPath().split("/")).hasSize(4);
    assertThat(uri.getQuery()).isEqualTo("q=" + value + "&z=1");
    assertThat(uri.getRawQuery().split("&")).hasSize(2);
  }

  @Property
  void htmlEscaping_neverLeavesMarkupCharacters(@ForAll String value) {
    String escaped = Escaping.HTML.apply(value);
    assertThat(escaped).doesNotContain("<", ">", "\"", "'");
    assertThat(escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
            .replace("&#39;", "'").replace("&amp;", "&"))
        .isEqualTo(value);
  }

  @Property
  void headerEscaping_neverLeavesALineBreak(@ForAll String value) {
    assertThat(Escaping.HEADER.apply(value)).doesNotContain("\r", "\n");
  }
}

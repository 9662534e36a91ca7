package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.internal.parse.Keywords;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Attributes named like the grammar's words ({@code group}, {@code time}, {@code last}, ...) are
 * ordinary paths wherever a path can stand; only the words that begin a condition need back-quotes,
 * and leaving them out gives an error with that hint.
 */
class KeywordNameProperties {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final List<String> TEMPLATES = List.of(
      "%s = 1", "%s != \"x\"", "%s.x > 2", "%s contains \"vi\"", "%s between 1 and 3", "%s is empty",
      "%s in [1, 2]", "%s matches \"^v\"", "a = 1 and %s is not empty", "not %s contains \"x\"",
      "(%s > 0 or b = 2)", "any %s where k = 1", "event \"p\" where %s = 1", "event \"p\" sum of %s > 3",
      "%s in the last 3 days");

  /** A grammar word in random letter case. */
  @Provide
  Arbitrary<String> word() {
    return Combinators.combine(Arbitraries.of(List.copyOf(Keywords.ALL)), Arbitraries.longs())
        .as((word, mask) -> {
          StringBuilder out = new StringBuilder();
          for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append((mask >> i & 1) == 1 ? Character.toUpperCase(c) : c);
          }
          return out.toString();
        });
  }

  @Provide
  Arbitrary<String> template() {
    return Arbitraries.of(TEMPLATES);
  }

  @Property(tries = 400)
  void aGrammarWordAsAPath_isTheSameAsItsBackQuotedTwin_orAskedForBackQuotes(
      @ForAll("word") String word, @ForAll("template") String template) {
    String bare = String.format(Locale.ROOT, template, word);
    String quoted = String.format(Locale.ROOT, template, "`" + word + "`");
    SegmentExpression twin = SegmentExpression.parse(quoted);
    if (Keywords.startsCondition(word)) {
      assertThatThrownBy(() -> SegmentExpression.parse(bare))
          .isInstanceOf(SegmentSyntaxException.class).hasMessageContaining("back-quote");
      assertThat(twin.print()).contains("`" + word + "`");
      return;
    }
    SegmentExpression parsed = SegmentExpression.parse(bare);
    assertThat(parsed.expr()).isEqualTo(twin.expr());
    String printed = parsed.print();
    assertThat(printed).doesNotContain("`");
    assertThat(SegmentExpression.parse(printed).expr()).isEqualTo(parsed.expr());
    assertThat(SegmentExpression.parse(printed).print()).isEqualTo(printed);
  }

  @Property(tries = 200)
  void aGrammarWordAsAnAttribute_evaluatesLikeItsBackQuotedTwin(@ForAll("word") String word) {
    Map<String, Object> attributes = Map.of(word, 2, "a", 1);
    Profile profile = Fixtures.profile(attributes);
    EvaluationContext context = EvaluationContext.builder(NOW).build();
    for (String check : List.of("`%s` = 2", "`%s` > 1 and a = 1", "not `%s` in [3]")) {
      String quoted = String.format(Locale.ROOT, check, word);
      boolean expected = SegmentExpression.parse(quoted).compile().evaluate(profile, List.of(), context);
      assertThat(expected).as(quoted).isTrue();
      if (!Keywords.startsCondition(word)) {
        String bare = quoted.replace("`", "");
        assertThat(SegmentExpression.parse(bare).compile().evaluate(profile, List.of(), context)).as(bare).isTrue();
      }
    }
  }
}

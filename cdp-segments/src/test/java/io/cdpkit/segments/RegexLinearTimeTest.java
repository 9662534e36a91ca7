package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code matches} cannot stall the process: with java.util.regex these patterns backtrack
 * exponentially on the 41-character values below (more than 60 s for the first); the bound here
 * only stops a hang, the real cost is milliseconds.
 */
class RegexLinearTimeTest {
  private static final String VALUE = "a".repeat(40) + "b";

  @ParameterizedTest
  @ValueSource(strings = {"(.*a){12}$", "^(a+)+$", "^(a|aa)+$", "^(a|a?)+$", "(\\\\w+\\\\s?)*$"})
  void catastrophicPatterns_answerAtOnce(String pattern) {
    try (Cdp cdp = Cdp.inMemory(); Segments segments = Segments.attach(cdp)) {
      cdp.identify(Identify.builder().userId("u1").set("w", VALUE).build());
      cdp.identify(Identify.builder().userId("u2").set("w", "a".repeat(40)).build());
      String expression = "w matches \"" + pattern + "\"";
      long count = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> segments.countMatching(expression));
      assertThat(count).isBetween(0L, 2L);
    }
  }

  @Test
  void findSemanticsAndInlineFlags_areKept() {
    try (Cdp cdp = Cdp.inMemory(); Segments segments = Segments.attach(cdp)) {
      cdp.identify(Identify.builder().userId("u1").set("w", "Order ABC-123 shipped").build());
      assertThat(segments.countMatching("w matches \"[A-Z]{3}-\\\\d+\"")).isEqualTo(1);
      assertThat(segments.countMatching("w matches \"^abc\"")).isZero();
      assertThat(segments.countMatching("w matches \"(?i)order abc\"")).isEqualTo(1);
      assertThat(segments.countMatching("w matches \"\\\\p{Lu}{3}\"")).isEqualTo(1);
    }
  }
}

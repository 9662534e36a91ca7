package io.cdpkit.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import java.net.URI;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

final class HostAllowListTest {
  private static final HostAllowList LIST =
      HostAllowList.of("api.example.com", "*.hooks.example.com", "127.0.0.1", "[::1]");

  @Test
  void allows_exactHost_ignoringCaseAndTrailingDot() {
    assertThat(LIST.allows("api.example.com")).isTrue();
    assertThat(LIST.allows("API.Example.COM")).isTrue();
    assertThat(LIST.allows("api.example.com.")).isTrue();
    assertThat(LIST.allows("api.example.com.evil.net")).isFalse();
    assertThat(LIST.allows("xapi.example.com")).isFalse();
  }

  @Test
  void allows_wildcard_matchesSubdomainsAtAnyDepthButNotTheApex() {
    assertThat(LIST.allows("eu.hooks.example.com")).isTrue();
    assertThat(LIST.allows("a.b.hooks.example.com")).isTrue();
    assertThat(LIST.allows("hooks.example.com")).isFalse();
    assertThat(LIST.allows("evilhooks.example.com")).isFalse();
    assertThat(LIST.allows("hooks.example.com.evil.net")).isFalse();
  }

  @Test
  void allows_ipLiterals_asUriGivesThem() {
    assertThat(LIST.allows(URI.create("http://127.0.0.1:8080/x").getHost())).isTrue();
    assertThat(LIST.allows(URI.create("http://[::1]:8080/x").getHost())).isTrue();
    assertThat(LIST.allows("127.0.0.2")).isFalse();
  }

  @Test
  void allows_emptyOrNone_allowsNothing() {
    assertThat(HostAllowList.none().allows("api.example.com")).isFalse();
    assertThat(LIST.allows("")).isFalse();
  }

  @Test
  void of_badPatterns_nameThePatternAndRule() {
    assertThatThrownBy(() -> HostAllowList.of("*.com"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.value()).isEqualTo("*.com");
              assertThat(e.rule()).contains("two labels");
            });
    assertThatThrownBy(() -> HostAllowList.of("api.*.example.com"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.rule()).contains("leading *."));
    assertThatThrownBy(() -> HostAllowList.of("*")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HostAllowList.of(" ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HostAllowList.of("https://api.example.com"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> HostAllowList.of("a..b")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void patterns_areNormalised_andShownInToString() {
    HostAllowList list = HostAllowList.of("API.example.com.", "[::1]");
    assertThat(list.patterns()).containsExactly("api.example.com", "::1");
    assertThat(list).hasToString("[api.example.com, ::1]").isEqualTo(HostAllowList.of("api.example.com", "::1"));
  }

  @Property
  void wildcard_allowsEverySubdomainAndNoLookalike(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 20) String label) {
    HostAllowList list = HostAllowList.of("*.example.com");
    assertThat(list.allows(label + ".example.com")).isTrue();
    assertThat(list.allows(label + ".x.example.com")).isTrue();
    assertThat(list.allows(label + "example.com")).isFalse();
    assertThat(list.allows("example.com." + label)).isFalse();
  }
}
